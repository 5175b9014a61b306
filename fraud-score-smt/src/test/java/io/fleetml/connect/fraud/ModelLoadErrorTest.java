package io.fleetml.connect.fraud;

import ch.qos.logback.classic.Level;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A version that fails to load at a refresh, with an exception or an {@link Error}, leaves the current version scoring,
 * is logged as an ERROR with its cause, is counted, and does not end the refreshes.
 */
class ModelLoadErrorTest {
    private static final FleetRecords RECORDS = new FleetRecords(5);

    @TempDir
    Path root;
    @RegisterExtension
    final CapturedLog slotLog = CapturedLog.of(ModelSlot.class);
    private final Metrics metrics = new Metrics();
    private final FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>();

    @AfterEach
    void close() {
        transform.close();
        metrics.close();
    }

    @Test
    void anErrorWhileLoadingAVersionIsLoggedWithItsCauseCountedAndLaterVersionsStillLoad() {
        // A real worker throws UnsatisfiedLinkError when TensorFlow's native library does not load (as on arm64);
        // this machine has the library, so the loader here throws it for version 2, as TensorFlow's would.
        PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("1"));
        ScoringModel.Settings settings = new ScoringModel.Settings(FraudScoreConfig.MODEL_PATH_CONFIG,
                FraudScoreConfig.DEFAULT_SIGNATURE, FraudScoreConfig.Engine.JAVA, null, null, false);
        AtomicInteger failures = new AtomicInteger();
        ModelSource.VersionLoader loader = (version, dir) -> {
            if (version.number() == 2) {
                throw new UnsatisfiedLinkError("no tensorflow_cc in java.library.path");
            }
            return ScoringModel.load(settings, version, dir);
        };
        try (ModelSlot slot = ModelSlot.open("champion", FraudScoreConfig.MODEL_PATH_CONFIG,
                LocalModelSource.of(root, false), loader, failures::incrementAndGet, false)) {
            PaymentModels.export(5, PaymentModels.DEFAULT_FEATURES, "payments-v2", root.resolve("2"));
            slot.refresh();
            slot.refresh();
            assertEquals("payments-v1", slot.swapIn().version(), "version 1 keeps scoring");
            assertEquals(1, failures.get(), "counted once: the version is not retried until its files change");
            List<String> errors = slotLog.messages(Level.ERROR);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).startsWith("FraudScore: champion model version 2 in " + root.resolve("2")
                    + " cannot be loaded on this worker, version 1 keeps scoring"), errors.get(0));
            assertEquals(List.of("java.lang.UnsatisfiedLinkError: no tensorflow_cc in java.library.path"),
                    slotLog.thrown(Level.ERROR));

            PaymentModels.export(7, PaymentModels.DEFAULT_FEATURES, "payments-v3", root.resolve("3"));
            slot.refresh();
            assertEquals("payments-v3", slot.swapIn().version(), "a later refresh still loads a newer version");
        }
    }

    @Test
    void withPassAVersionThatCannotLoadAtStartPassesRecordsUnscoredUntilOneLoads() {
        // As above, the loader throws what TensorFlow's does on a worker without its native library.
        PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("1"));
        ScoringModel.Settings settings = new ScoringModel.Settings(FraudScoreConfig.MODEL_PATH_CONFIG,
                FraudScoreConfig.DEFAULT_SIGNATURE, FraudScoreConfig.Engine.JAVA, null, null, false);
        AtomicInteger failures = new AtomicInteger();
        ModelSource.VersionLoader loader = (version, dir) -> {
            if (version.number() == 1) {
                throw new UnsatisfiedLinkError("no tensorflow_cc in java.library.path");
            }
            return ScoringModel.load(settings, version, dir);
        };
        try (ModelSlot slot = ModelSlot.open("champion", FraudScoreConfig.MODEL_PATH_CONFIG,
                LocalModelSource.of(root, true), loader, failures::incrementAndGet, true)) {
            assertEquals(null, slot.swapIn(), "no model: records pass unscored");
            assertEquals(1, failures.get());
            List<String> errors = slotLog.messages(Level.ERROR);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("version 1") && errors.get(0).contains("records pass on unscored"), errors.get(0));
            slot.refresh();
            assertEquals(1, failures.get(), "the same files are not tried again");

            PaymentModels.export(5, PaymentModels.DEFAULT_FEATURES, "payments-v2", root.resolve("2"));
            slot.refresh();
            assertEquals("payments-v2", slot.swapIn().version(), "a version that loads scores from the next record");
        }
        assertThrows(UnsatisfiedLinkError.class, () -> ModelSlot.open("champion", FraudScoreConfig.MODEL_PATH_CONFIG,
                LocalModelSource.of(root, false), (version, dir) -> {
                    throw new UnsatisfiedLinkError("no tensorflow_cc in java.library.path");
                }, failures::incrementAndGet, false).close(), "without pass the task fails at configure()");
    }

    @Test
    void aVersionFailingToLoadAtARefreshIsCountedInTheMetric() throws Exception {
        Path v1 = PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("1"));
        transform.configure(Map.of("model.path", root.toString(), "model.refresh.interval.ms", "0"));
        transform.withPluginMetrics(new PluginMetricsImpl(metrics, Map.of("connector", "payments", "task", "0")));
        assertEquals(0L, metric(FraudScoreMetrics.MODEL_LOAD_FAILURES));

        Path corrupt = Files.createDirectories(root.resolve("2"));
        Files.writeString(corrupt.resolve("saved_model.pb"), "not a protobuf");
        Files.copy(v1.resolve(ModelMetadata.FILE_NAME), corrupt.resolve(ModelMetadata.FILE_NAME));
        transform.refreshNow();
        assertEquals(1L, metric(FraudScoreMetrics.MODEL_LOAD_FAILURES));
        Map<?, ?> out = (Map<?, ?>) transform.apply(new SourceRecord(null, null, "payments", 0, null,
                RECORDS.paymentMap(0))).value();
        assertEquals("payments-v1", out.get("fraud_model_version"));
    }

    private Object metric(String name) {
        List<KafkaMetric> found = metrics.metrics().entrySet().stream()
                .filter(entry -> entry.getKey().name().equals(name)).map(Map.Entry::getValue).toList();
        assertEquals(1, found.size(), "one metric " + name);
        return found.get(0).metricValue();
    }
}
