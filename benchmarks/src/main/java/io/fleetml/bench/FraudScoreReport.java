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
 * Runs {@link FraudScoreBenchmark} and prints records/s per thread for the Java engine, TensorFlow per record and
 * TensorFlow on batches of 512, the Java engine's ratio to each, and whether the targets of the fraud-score
 * performance issue are met.
 */
public final class FraudScoreReport {
    private static final double MIN_RATIO_TO_PER_RECORD = 50;
    private static final double MIN_RATIO_TO_BATCH = 1.0;

    private FraudScoreReport() {
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder().include(FraudScoreBenchmark.class.getSimpleName()).build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> score = new HashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
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
    }
}
