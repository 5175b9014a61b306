package io.fleetml.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@link PiiMaskBenchmark} and prints records/s per thread, the ratio to MaskField from the same run, and whether
 * each target of the PII-mask issue is met.
 */
public final class PiiMaskReport {
    private static final double MIN_RECORDS_PER_SECOND = 1_000_000;
    private static final double MIN_RATIO_TO_MASKFIELD = 0.3;
    private static final double MIN_WITH_SCAN = 300_000;

    private PiiMaskReport() {
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder().include(PiiMaskBenchmark.class.getSimpleName()).build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> score = new HashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        boolean pass = true;
        System.out.printf("%n%-8s %15s %15s %7s %19s %7s %19s%n", "record", "PiiMask rec/s", "MaskField rec/s", "ratio",
                "PiiMask uncached", "ratio", "PiiMask+scan rec/s");
        for (String variant : new String[] {"Struct", "Map"}) {
            double pii = score.get("piiMask" + variant);
            double base = score.get("maskField" + variant);
            double uncached = score.get("piiMaskUncached" + variant);
            double scan = score.get("piiMaskWithScan" + variant);
            System.out.printf("%-8s %15.0f %15.0f %7.2f %19.0f %7.2f %19.0f%n", variant, pii, base, pii / base, uncached,
                    uncached / base, scan);
            pass &= pii >= MIN_RECORDS_PER_SECOND && pii / base >= MIN_RATIO_TO_MASKFIELD && scan >= MIN_WITH_SCAN;
        }
        System.out.printf("targets (>= %.0f rec/s, >= %.1f x MaskField, >= %.0f rec/s with scan): %s%n",
                MIN_RECORDS_PER_SECOND, MIN_RATIO_TO_MASKFIELD, MIN_WITH_SCAN, pass ? "met" : "NOT met");
    }
}
