package io.fleetml.it;

import io.fleetml.demo.DemoOptions;
import io.fleetml.demo.DemoSummary;
import io.fleetml.demo.FleetDemo;
import io.fleetml.demo.FlagEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo of demo.sh with small settings, on the built archives and the built trainer: every message the fleet sent is
 * in GCS, no planted personal data is in Kafka or GCS, version 1 of the fraud model and of the sensor-anomaly model,
 * trained from phase 1, score phase 3 live, and their precision and recall come from joining the simulator's
 * ground-truth logs with the scored topics.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FleetDemoIT {
    private static final int VEHICLES = 30;
    private static final double FRAUD_RATE = 0.1;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void everyMessageReachesGcsMaskedAndTheTrainedModelCatchesInjectedFraud() throws Exception {
        Path trainerJar = Path.of(System.getProperty("fleetml.trainer.jar", "target/trainer/autoencoder-trainer.jar"));
        DemoOptions options = new DemoOptions(Duration.ofSeconds(60), VEHICLES, FRAUD_RATE, Bundle.pluginPath(), trainerJar,
                Path.of("..", "config-examples", "local"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoSummary summary;
        try (PrintStream out = new PrintStream(new Tee(printed, System.out), true, StandardCharsets.UTF_8)) {
            summary = FleetDemo.run(options, out);
        }
        String report = printed.toString(StandardCharsets.UTF_8);

        // At one reading per vehicle per second for a minute, far fewer would mean the fleet never really ran.
        assertTrue(summary.telemetrySent() >= VEHICLES * 50L, report);
        assertEquals(summary.telemetrySent(), summary.telemetryInGcs(), report);
        assertTrue(summary.paymentsSent() > 500, report);
        assertEquals(summary.paymentsSent(), summary.paymentsInGcs(), report);
        assertTrue(summary.telemetryInKafka() >= summary.telemetrySent(), report);
        assertTrue(summary.paymentsInKafka() >= summary.paymentsSent(), report);

        assertEquals(Map.of(), summary.leaks(), report);
        assertTrue(summary.plantedPii() > VEHICLES * 6, report);
        assertTrue(summary.kafkaRecords() >= summary.telemetryInKafka() + summary.paymentsInKafka(), report);
        assertTrue(summary.gcsObjects() > 2, report);

        assertEquals("1", summary.modelVersion(), report);
        assertTrue(summary.paymentsSkipped() > 0, "phase 1 ran before any model existed: " + report);
        FlagEvaluation fraud = summary.fraud();
        assertEquals(0, fraud.missing(), report);
        assertEquals(fraud.records(), fraud.scored() + fraud.unscored(), report);
        assertTrue(fraud.scored() > 100, report);
        assertTrue(fraud.anomalous() >= 10, "too little fraud for a recall: " + report);
        assertTrue(fraud.scored() > fraud.anomalous(), report);
        // DemoFraudModelTest in contract-tests trains and scores this fleet's payments the same way without the servers:
        // precision and recall 1.00 there (at the demo's defaults, 0.93 to 1.00 and 1.00 over five fleets).
        assertTrue(fraud.recall() >= 0.8, report);
        assertTrue(fraud.precision() >= 0.8, report);
        assertTrue(report.contains(String.format("precision %.3f  recall %.3f", fraud.precision(), fraud.recall())), report);

        assertEquals("1", summary.telemetryModelVersion(), report);
        assertTrue(summary.telemetrySkipped() > 0, "phase 1 ran before any anomaly model existed: " + report);
        FlagEvaluation faults = summary.sensorFaults();
        assertEquals(0, faults.missing(), report);
        assertEquals(faults.records(), faults.scored() + faults.unscored(), report);
        assertTrue(faults.anomalous() >= 30, "too few faulty readings for a recall: " + report);
        assertTrue(faults.scored() > faults.anomalous(), report);
        // A tenth of the readings is faulty; with the model's 99th-percentile threshold, normal readings the short
        // training did not cover are what lowers precision (0.63 measured).
        assertTrue(faults.recall() >= 0.8, report);
        assertTrue(faults.precision() >= 0.4, report);
        assertTrue(report.contains(String.format("precision %.3f  recall %.3f", faults.precision(), faults.recall())), report);

        assertTrue(summary.partitions().keySet().stream().anyMatch(p -> p.matches(
                "gs://fleet-training-data/topics/payments\\.scored/dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/")), report);
        assertTrue(summary.partitions().keySet().stream().anyMatch(p -> p.startsWith("gs://fleet-models/models/payments/1/")), report);
        assertTrue(summary.partitions().keySet().stream().anyMatch(p -> p.startsWith("gs://fleet-models/models/telemetry/1/")), report);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(summary.histogram()), 4), report);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(summary.telemetryHistogram()), 4), report);
        assertTrue(summary.ok(), report);
    }

    /** Shows the demo's progress in the test log while keeping a copy for the assertions' messages. */
    private static final class Tee extends OutputStream {
        private final OutputStream copy;
        private final OutputStream shown;

        Tee(OutputStream copy, OutputStream shown) {
            this.copy = copy;
            this.shown = shown;
        }

        @Override
        public void write(int b) throws IOException {
            copy.write(b);
            shown.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            copy.write(b, off, len);
            shown.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            shown.flush();
        }
    }
}
