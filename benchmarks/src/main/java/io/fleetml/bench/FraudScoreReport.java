package io.fleetml.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs {@link FraudScoreBenchmark} and prints records/s per thread for the Java engine, TensorFlow per record and
 * TensorFlow on batches of 512, the Java engine's ratio to each, and whether the targets of the fraud-score
 * performance issue are met; then, when the shared Keras export is there, {@link KerasFraudScoreBenchmark}: both
 * engines on it and their ratio.
 */
public final class FraudScoreReport {
    private static final double MIN_RATIO_TO_PER_RECORD = 50;
    private static final double MIN_RATIO_TO_BATCH = 1.0;

    private FraudScoreReport() {
    }

    public static void main(String[] args) throws RunnerException {
        Map<String, Double> score = scores(FraudScoreBenchmark.class);
        double java = score.get("javaEngine");
        double perRecord = score.get("tensorflowPerRecord");
        double batch = score.get("tensorflowBatch512");
        double networkOnly = score.get("javaNetworkOnly");
        double copyOnly = score.get("recordCopyOnly");
        System.out.printf("%n%-22s %15s%n", "variant", "records/s");
        for (String variant : new String[] {"javaEngine", "tensorflowPerRecord", "tensorflowBatch512", "javaNetworkOnly",
                "recordCopyOnly"}) {
            System.out.printf("%-22s %15.0f%n", variant, score.get(variant));
        }
        boolean perRecordMet = java / perRecord >= MIN_RATIO_TO_PER_RECORD;
        boolean batchMet = java / batch >= MIN_RATIO_TO_BATCH;
        System.out.printf("javaEngine / tensorflowPerRecord = %.1f (target >= %.0f): %s%n", java / perRecord,
                MIN_RATIO_TO_PER_RECORD, perRecordMet ? "met" : "NOT met");
        System.out.printf("javaEngine / tensorflowBatch512  = %.2f (target >= %.1f): %s%n", java / batch,
                MIN_RATIO_TO_BATCH, batchMet ? "met" : "NOT met");
        System.out.printf("like for like, javaNetworkOnly / tensorflowBatch512 = %.2f%n", networkOnly / batch);
        System.out.printf("an SMT that copies the map, recordCopyOnly / tensorflowBatch512 = %.2f%n", copyOnly / batch);
        keras();
    }

    private static void keras() throws RunnerException {
        if (!KerasFraudScoreBenchmark.available()) {
            System.out.printf("%nKeras export: skipped, no model at %s (set -Dfleetml.shared.models)%n",
                    KerasFraudScoreBenchmark.MODEL.toAbsolutePath().normalize());
            return;
        }
        Map<String, Double> score = scores(KerasFraudScoreBenchmark.class);
        double java = score.get("kerasJavaEngine");
        double perRecord = score.get("kerasTensorflowPerRecord");
        System.out.printf("%n%-26s %15s %10s%n", "Keras export", "records/s", "µs/record");
        for (String variant : new String[] {"kerasJavaEngine", "kerasTensorflowPerRecord"}) {
            System.out.printf("%-26s %15.0f %10.2f%n", variant, score.get(variant), 1e6 / score.get(variant));
        }
        System.out.printf("kerasJavaEngine / kerasTensorflowPerRecord = %.1f (target >= %.0f): %s%n",
                java / perRecord, MIN_RATIO_TO_PER_RECORD, java / perRecord >= MIN_RATIO_TO_PER_RECORD ? "met"
                        : "NOT met");
    }

    /** Runs a benchmark class and gives each method's records/s. */
    private static Map<String, Double> scores(Class<?> benchmark) throws RunnerException {
        // A regex over full benchmark names: the simple name alone would also match KerasFraudScoreBenchmark.
        Options options = new OptionsBuilder().include("^" + Pattern.quote(benchmark.getName() + ".")).build();
        Map<String, Double> score = new HashMap<>();
        for (RunResult result : new Runner(options).run()) {
            String name = result.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        return score;
    }
}
