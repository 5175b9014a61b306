package io.fleetml.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The end-of-run summary: records per stage, objects per partition path, fraud and sensor-fault detection, the leak
 * check.
 */
final class SummaryPrinter {
    private final PrintStream out;

    SummaryPrinter(PrintStream out) {
        this.out = out;
    }

    void print(DemoSummary s, Set<String> topics, Path groundTruth, Path sensorTruth, Path gcsFolder) {
        out.println();
        out.println("== Summary");
        out.println("records per stage             telemetry      payments");
        row("sent by the fleet", s.telemetrySent(), s.paymentsSent());
        row("in Kafka after the SMTs", s.telemetryInKafka(), s.paymentsInKafka());
        row("  scored by FraudScore", s.telemetryScored(), s.paymentsScored());
        row("  passed unscored (no model)", s.telemetrySkipped(), s.paymentsSkipped());
        row("distinct records in GCS", s.telemetryInGcs(), s.paymentsInGcs());
        out.printf("every sent record reached GCS: %s%n", s.telemetryInGcs() == s.telemetrySent()
                && s.paymentsInGcs() == s.paymentsSent() ? "yes" : "NO");

        out.println();
        out.println("objects and bytes per partition path (browse them under " + gcsFolder + ")");
        for (Map.Entry<String, PartitionUsage> partition : s.partitions().entrySet()) {
            out.printf("  %4d objects %10d bytes  %s%n", partition.getValue().objects(), partition.getValue().bytes(),
                    partition.getKey());
        }

        detection("fraud detection", s.modelVersion(), groundTruth, "payment_id", "payments", "fraud", s.fraud());
        detection("sensor-fault detection", s.telemetryModelVersion(), sensorTruth, "timestamp and odometer (the VIN is"
                + " pseudonymized)", "readings", "faulty", s.sensorFaults());

        out.println();
        out.printf("PII check: %d planted strings (VINs, driver ids, names, e-mails, phones, card numbers, exact positions)"
                        + " searched in %d records of the Kafka topics %s and in %d GCS objects: %s%n",
                s.plantedPii(), s.kafkaRecords(), topics, s.gcsObjects(),
                s.leaks().isEmpty() ? "none found" : "FOUND " + s.leaks());
        out.println("score histograms of the trainer: " + s.histogram() + ", " + s.telemetryHistogram());
        out.printf("wall time: %d s%n", s.wallTime().toSeconds());
        out.println(s.ok() ? "RESULT: OK" : "RESULT: FAILED (see above)");
    }

    private void detection(String title, String version, Path truth, String joinedBy, String records, String anomalous,
                           FlagEvaluation e) {
        out.println();
        out.printf("%s in phase 3 (model version %s; ground truth from %s, joined by %s):%n", title, version, truth, joinedBy);
        out.printf("  %d phase-3 %s: %d scored, %d passed unscored, %d not found in Kafka%n",
                e.records(), records, e.scored(), e.unscored(), e.missing());
        out.printf("  %d %s among the scored; flagged: %d true, %d false; missed: %d%n",
                e.anomalous(), anomalous, e.truePositives(), e.falsePositives(), e.falseNegatives());
        out.printf("  precision %.3f  recall %.3f%n", e.precision(), e.recall());
    }

    private void row(String stage, long telemetry, long payments) {
        out.printf("  %-28s %9d %13d%n", stage, telemetry, payments);
    }
}
