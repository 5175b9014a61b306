package io.fleetml.trainer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionRangeTest {
    private static final String HOUR_4 = "region=eu/dt=2026-11-30/hour=04/payments+0+00000000000000000000.jsonl.gz";
    private static final String DAY = "dt=2026-11-30/payments+0+00000000000000000000.jsonl";

    private static PartitionRange range(String from, String to) {
        return new PartitionRange(from == null ? null : PartitionRange.parseBound(from, "--from"),
                to == null ? null : PartitionRange.parseBound(to, "--to"));
    }

    @Test
    void fromIsInclusiveAndToExclusiveToTheHour() {
        assertTrue(range("2026-11-30T04", "2026-11-30T05").includes(HOUR_4));
        assertFalse(range("2026-11-30T05", null).includes(HOUR_4));
        assertFalse(range(null, "2026-11-30T04").includes(HOUR_4));
        assertTrue(range("2026-11-30", "2026-12-01").includes(HOUR_4));
    }

    @Test
    void aFileWithOnlyADayDirectoryCoversTheWholeDay() {
        assertTrue(range("2026-11-30T23", null).includes(DAY));
        assertFalse(range("2026-12-01", null).includes(DAY));
        assertFalse(range(null, "2026-11-30").includes(DAY));
    }

    @Test
    void filesOutsidePartitionsAreSelectedOnlyWithoutBounds() {
        String plain = "payments+0+00000000000000000000.jsonl";
        assertTrue(PartitionRange.ALL.includes(plain));
        assertFalse(range("2026-11-30", null).includes(plain));
    }

    @Test
    void badBoundsNameTheFlag() {
        assertEquals("--from '2026-13-01' is not a date (2026-11-30) or an hour (2026-11-30T04)",
                assertThrows(IllegalArgumentException.class, () -> PartitionRange.parseBound("2026-13-01", "--from")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PartitionRange.parseBound("2026-11-30T24", "--to"));
        assertEquals("--from 2026-11-30T05:00 must be before --to 2026-11-30T04:00",
                assertThrows(IllegalArgumentException.class, () -> range("2026-11-30T05", "2026-11-30T04")).getMessage());
    }
}
