package io.fleetml.testkit.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The end-of-run summary: records per stage, objects per partition path, fraud detection, the leak check. */
final class SummaryPrinter {
    private final PrintStream out;

    SummaryPrinter(PrintStream out) {
        this.out = out;
    }

    void print(DemoSummary s, Set<String> topics, Path groundTruth, Path gcsFolder) {
        out.println();
        out.println("== Summary");
        out.println("records per stage             telemetry      payments");
        row("sent by the fleet", s.telemetrySent(), s.paymentsSent());
        row("in Kafka after the SMTs", s.telemetryInKafka(), s.paymentsInKafka());
        row("  scored by FraudScore", -1, s.paymentsScored());
        row("  passed unscored (no model)", -1, s.paymentsSkipped());
        row("distinct records in GCS", s.telemetryInGcs(), s.paymentsInGcs());
        out.printf("every sent record reached GCS: %s%n", s.telemetryInGcs() == s.telemetrySent()
                && s.paymentsInGcs() == s.paymentsSent() ? "yes" : "NO");

        out.println();
        out.println("objects and bytes per partition path (browse them under " + gcsFolder + ")");
        for (Map.Entry<String, PartitionUsage> partition : s.partitions().entrySet()) {
            out.printf("  %4d objects %10d bytes  %s%n", partition.getValue().objects(), partition.getValue().bytes(),
                    partition.getKey());
        }

        FraudEvaluation f = s.fraud();
        out.println();
        out.printf("fraud detection in phase 3 (model version %s; ground truth from %s, joined by payment_id):%n",
                s.modelVersion(), groundTruth);
        out.printf("  %d phase-3 payments: %d scored, %d passed unscored, %d not found in Kafka%n",
                f.payments(), f.scored(), f.unscored(), f.missing());
        out.printf("  %d fraud among the scored; flagged: %d true, %d false; missed: %d%n",
                f.fraud(), f.truePositives(), f.falsePositives(), f.falseNegatives());
        out.printf("  precision %.3f  recall %.3f%n", f.precision(), f.recall());

        out.println();
        out.printf("PII check: %d planted strings (VINs, driver ids, names, e-mails, phones, card numbers, exact positions)"
                        + " searched in %d records of the Kafka topics %s and in %d GCS objects: %s%n",
                s.plantedPii(), s.kafkaRecords(), topics, s.gcsObjects(),
                s.leaks().isEmpty() ? "none found" : "FOUND " + s.leaks());
        out.println("score histogram of the trainer: " + s.histogram());
        out.printf("wall time: %d s%n", s.wallTime().toSeconds());
        out.println(s.ok() ? "RESULT: OK" : "RESULT: FAILED (see above)");
    }

    private void row(String stage, long telemetry, long payments) {
        out.printf("  %-28s %9s %13d%n", stage, telemetry < 0 ? "" : Long.toString(telemetry), payments);
    }
}
