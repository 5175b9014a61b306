package io.fleetml.simulator;

import java.util.SplittableRandom;

/** The arithmetic both simulators draw their values with, so payments and telemetry are seeded and rounded alike. */
final class SimulatedDraws {
    private SimulatedDraws() {
    }

    /** A seed for one stream and index that shares no structure with its neighbours (SplitMix64's finalizer). */
    static long mix(long seed, long stream, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xD1B54A32D192ED03L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double uniform(SplittableRandom random, double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
