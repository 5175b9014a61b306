package io.fleetml.connect.pii;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PseudonymCacheTest {
    @Test
    void repeatedInputsAreComputedOnceAndCollisionsRecompute() {
        AtomicInteger computed = new AtomicInteger();
        PseudonymCache cache = new PseudonymCache(2);
        for (int round = 0; round < 3; round++) {
            assertEquals("h(VIN-A)", cache.get("VIN-A", s -> computed.incrementAndGet() > 0 ? "h(" + s + ")" : ""));
        }
        assertEquals(1, computed.get());
        for (int i = 0; i < 100; i++) {
            String input = "VIN-" + i;
            assertEquals("h(" + input + ")", cache.get(input, s -> "h(" + s + ")"), "a collision never returns another input's pseudonym");
        }
    }

    @Test
    void cachedAndUncachedPseudonymsAreIdentical() {
        Pseudonymizer pseudonymizer = new Pseudonymizer("0123456789abcdef-key".getBytes(), false);
        PiiMaskMetrics metrics = new PiiMaskMetrics();
        HashAction cached = new HashAction(pseudonymizer, 8, metrics.pseudonymized);
        HashAction uncached = new HashAction(pseudonymizer, 0, metrics.pseudonymized);
        for (int i = 0; i < 50; i++) {
            String vin = "VIN-" + (i % 11);
            assertEquals(uncached.mask(vin, "vin"), cached.mask(vin, "vin"));
        }
    }
}
