package io.fleetml.bench;

import io.fleetml.connect.pii.PiiMask;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PiiMask on the reference vehicle record (2 hashed, 1 partial, 1 redacted, 2 geo fields; with and without the scanned
 * free-text field) beside Kafka's built-in MaskField masking 4 fields of the same records, in the same run.
 *
 * <p>Records cycle through a fleet of {@value #FLEET} vehicles, each with its own VIN and driver, so the pseudonym cache
 * works as it would on a real fleet; the {@code Uncached} variants switch it off and compute both HMACs per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PiiMaskBenchmark {
    private static final String KEY = "benchmark-hmac-key-0123456789abcdef";

    static final int FLEET = 1000;

    private SourceRecord[] structs;
    private SourceRecord[] maps;
    private int next;
    private Transformation<SourceRecord> piiMask;
    private Transformation<SourceRecord> piiMaskUncached;
    private Transformation<SourceRecord> piiMaskWithScan;
    private Transformation<SourceRecord> maskField;

    @Setup
    public void setUp() {
        structs = ReferenceVehicleRecord.fleet(FLEET, true);
        maps = ReferenceVehicleRecord.fleet(FLEET, false);
        Map<String, String> props = new HashMap<>(Map.of(
                "field.syntax.version", "V2",
                "hash.fields", "vin,driver_id",
                "hash.key", KEY,
                "partial.fields", "payment.card_number",
                "redact.fields", "driver.name",
                "geo.fields", "location.lat,location.lon"));
        piiMask = configure(new PiiMask.Value<>(), props);
        props.put("hash.cache.size", "0");
        piiMaskUncached = configure(new PiiMask.Value<>(), props);
        props.remove("hash.cache.size");
        props.put("scan.fields", "notes");
        piiMaskWithScan = configure(new PiiMask.Value<>(), props);
        maskField = configure(new MaskField.Value<>(), Map.of("fields", "vin,driver_id,event_type,odometer_km"));
    }

    private static Transformation<SourceRecord> configure(Transformation<SourceRecord> smt, Map<String, String> props) {
        smt.configure(props);
        return smt;
    }

    @TearDown
    public void tearDown() {
        piiMask.close();
        piiMaskUncached.close();
        piiMaskWithScan.close();
        maskField.close();
    }

    private SourceRecord nextStruct() {
        next = next + 1 == FLEET ? 0 : next + 1;
        return structs[next];
    }

    private SourceRecord nextMap() {
        next = next + 1 == FLEET ? 0 : next + 1;
        return maps[next];
    }

    @Benchmark
    public SourceRecord piiMaskStruct() {
        return piiMask.apply(nextStruct());
    }

    @Benchmark
    public SourceRecord piiMaskMap() {
        return piiMask.apply(nextMap());
    }

    @Benchmark
    public SourceRecord piiMaskUncachedStruct() {
        return piiMaskUncached.apply(nextStruct());
    }

    @Benchmark
    public SourceRecord piiMaskUncachedMap() {
        return piiMaskUncached.apply(nextMap());
    }

    @Benchmark
    public SourceRecord piiMaskWithScanStruct() {
        return piiMaskWithScan.apply(nextStruct());
    }

    @Benchmark
    public SourceRecord piiMaskWithScanMap() {
        return piiMaskWithScan.apply(nextMap());
    }

    @Benchmark
    public SourceRecord maskFieldStruct() {
        return maskField.apply(nextStruct());
    }

    @Benchmark
    public SourceRecord maskFieldMap() {
        return maskField.apply(nextMap());
    }
}
