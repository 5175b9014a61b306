package io.fleetml.model.metadata;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalizerTest {
    @Test
    void standardizesEachEntryWithItsOwnMeanAndStd() {
        Normalizer normalizer = new Normalizer(new double[] {10, -1, 0}, new double[] {2, 0.5, 1});
        assertEquals(3, normalizer.width());
        assertArrayEquals(new float[] {1.5f, 2, 0}, normalizer.normalize(new double[] {13, 0, 0}));
        float[] out = new float[3];
        normalizer.normalize(new double[] {10, -1, -4}, out);
        assertArrayEquals(new float[] {0, 0, -4}, out);
    }

    @Test
    void takesItsStatisticsFromModelMetadata() {
        ModelMetadata metadata = new ModelMetadata("v1", List.of("amount", "vehicle.speed"), new double[] {50, 0},
                new double[] {25, 2}, 1.0, "2025-11-24T16:00:00Z", Map.of());
        assertArrayEquals(new float[] {-1, 3}, Normalizer.of(metadata).normalize(new double[] {25, 6}));
    }

    @Test
    void rejectsMismatchedLengthsAndUnusableStatistics() {
        assertThrows(IllegalArgumentException.class, () -> new Normalizer(new double[2], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Normalizer(new double[1], new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Normalizer(new double[1], new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new Normalizer(new double[] {Double.NaN}, new double[] {1}));
        Normalizer normalizer = new Normalizer(new double[2], new double[] {1, 1});
        assertThrows(IllegalArgumentException.class, () -> normalizer.normalize(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> normalizer.normalize(new double[2], new float[1]));
    }
}
