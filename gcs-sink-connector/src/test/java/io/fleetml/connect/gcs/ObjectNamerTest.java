package io.fleetml.connect.gcs;

import io.fleetml.connect.common.layout.TrainingDataLayout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ObjectNamerTest {
    private final ObjectNamer namer = new ObjectNamer("topics/", "parquet");

    @Test
    void nameHasTheDocumentedLayout() {
        assertEquals("topics/telemetry/dt=2026-11-24/hour=13/telemetry+3+00000000000000000042.parquet",
                namer.name("telemetry", "dt=2026-11-24/hour=13", 3, 42));
    }

    @Property(tries = 1000)
    void namesSortByStartOffsetAndTheOffsetReadsBack(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long a,
                                                      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long b) {
        String first = namer.name("t", "partition=0", 0, a);
        String second = namer.name("t", "partition=0", 0, b);
        assertEquals(Long.signum(Long.compare(a, b)), Integer.signum(first.compareTo(second)));
        assertEquals(a, TrainingDataLayout.parse(first).orElseThrow().startOffset());
    }
}
