package io.fleetml.connect.fraud;

import ch.qos.logback.classic.Level;
import io.fleetml.connect.fraud.engine.ScoringEngine;
import io.fleetml.connect.fraud.engine.TestModels;
import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRefreshTest {
    private static final FleetRecords RECORDS = new FleetRecords(3);

    @TempDir
    Path root;

    private final FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>();
    private final FraudScore.Value<SourceRecord> reference = new FraudScore.Value<>();
    @RegisterExtension
    final CapturedLog slotLog = CapturedLog.of(ModelSlot.class);

    @AfterEach
    void close() {
        transform.close();
        reference.close();
    }

    @Test
    void aNewerVersionScoresFromTheNextRecordAndTheReplacedOneIsClosed() {
        PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("1"));
        transform.configure(Map.of("model.path", root.toString(), "engine", "tensorflow", "model.refresh.interval.ms", "0"));
        assertEquals("payments-v1", scored(0).get("fraud_model_version"));
        ScoringEngine first = transform.champion().loaded().engine();

        Path v2 = PaymentModels.export(5, PaymentModels.DEFAULT_FEATURES, "payments-v2", root.resolve("2"));
        assertEquals("payments-v1", scored(1).get("fraud_model_version"), "nothing changes before a refresh");
        transform.refreshNow();
        reference.configure(Map.of("model.path", v2.toString()));
        for (int i = 2; i < 20; i++) {
            Map<?, ?> out = scored(i);
            assertEquals("payments-v2", out.get("fraud_model_version"));
            double expected = (Double) ((Map<?, ?>) reference.apply(record(i)).value()).get("fraud_score");
            assertEquals(expected, (Double) out.get("fraud_score"), 1e-5 * expected);
        }
        float[] input = new float[first.inputSize()];
        assertThrows(IllegalStateException.class, () -> first.score(input), "version 1's session is closed");
    }

    @Test
    void withOnMissingModelPassRecordsPassUnscoredUntilTheFirstVersionAppearsThenAreScored() {
        transform.configure(Map.of("model.path", root.toString(), "on.missing.model", "pass",
                "model.refresh.interval.ms", "600000"));
        for (int i = 0; i < 3; i++) {
            SourceRecord out = transform.apply(record(i));
            Map<?, ?> value = (Map<?, ?>) out.value();
            assertEquals(RECORDS.paymentMap(i), value, "passed on as it came");
            String reason = out.headers().lastWithName(FraudScore.SKIPPED_HEADER).value().toString();
            assertEquals("no model version yet in " + root + " (on.missing.model=pass)", reason);
        }
        assertEquals(List.of("FraudScore: no champion model version in " + root
                + " yet; records pass on unscored until one appears"), slotLog.messages(Level.WARN));

        PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("1"));
        transform.refreshNow();
        reference.configure(Map.of("model.path", root.resolve("1").toString()));
        SourceRecord out = transform.apply(record(3));
        assertEquals(null, out.headers().lastWithName(FraudScore.SKIPPED_HEADER));
        assertEquals("payments-v1", ((Map<?, ?>) out.value()).get("fraud_model_version"));
        assertEquals(((Map<?, ?>) reference.apply(record(3)).value()).get("fraud_score"),
                ((Map<?, ?>) out.value()).get("fraud_score"));
    }

    @Test
    void anEmptyVersionsRootFailsByDefaultAndPassNeedsRefreshing() {
        ConfigException empty = assertThrows(ConfigException.class,
                () -> transform.configure(Map.of("model.path", root.toString())));
        assertTrue(empty.getMessage().contains("model.path"), empty.getMessage());
        ConfigException never = assertThrows(ConfigException.class, () -> transform.configure(Map.of(
                "model.path", root.toString(), "on.missing.model", "pass", "model.refresh.interval.ms", "0")));
        assertTrue(never.getMessage().contains("on.missing.model") && never.getMessage().contains("model.refresh.interval.ms"),
                never.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> transform.configure(Map.of(
                "model.path", root.resolve("absent").toString(), "on.missing.model", "pass")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void brokenVersionsAreRejectedOnceWhileTheCurrentOneKeepsScoringAndRetriedWhenTheirFilesChange() throws Exception {
        PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("1"));
        Path v2 = PaymentModels.export(5, PaymentModels.DEFAULT_FEATURES, "payments-v2", root.resolve("2"));
        transform.configure(Map.of("model.path", root.toString(), "model.refresh.interval.ms", "0"));
        assertEquals("payments-v2", scored(0).get("fraud_model_version"), "the highest version scores from the start");

        Path corrupt = Files.createDirectories(root.resolve("3"));
        Files.writeString(corrupt.resolve("saved_model.pb"), "not a protobuf");
        Files.copy(v2.resolve(ModelMetadata.FILE_NAME), corrupt.resolve(ModelMetadata.FILE_NAME));
        transform.refreshNow();
        transform.refreshNow();
        assertEquals("payments-v2", scored(1).get("fraud_model_version"));
        List<String> errors = errors();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("FraudScore: champion model version 3 in " + corrupt
                + " is rejected, version 2 keeps scoring"), errors.get(0));

        // Metadata whose features do not fit the model: 14 payment features for a model of 4 inputs.
        Path wrongWidth = root.resolve("4");
        TestModels.autoencoder(9, 4, 2, Activation.RELU)
                .metadata(PaymentModels.DEFAULT_FEATURES.names(), new double[14], ones(14)).export(wrongWidth);
        transform.refreshNow();
        transform.refreshNow();
        assertEquals("payments-v2", scored(2).get("fraud_model_version"));
        errors = errors();
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(1).endsWith("the features in fleetml-model.json give 14 numbers, the model takes 4"),
                errors.get(1));

        PaymentModels.export(7, PaymentModels.DEFAULT_FEATURES, "payments-v4", wrongWidth);
        transform.refreshNow();
        assertEquals("payments-v4", scored(3).get("fraud_model_version"), "a fixed version is loaded");
        assertEquals(2, errors().size());
    }

    @Test
    void theRefreshThreadPicksUpANewVersionOnItsOwn() {
        PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("1"));
        transform.configure(Map.of("model.path", root.toString(), "model.refresh.interval.ms", "20"));
        PaymentModels.export(5, PaymentModels.DEFAULT_FEATURES, "payments-v2", root.resolve("2"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int i = 0;
        while (!"payments-v2".equals(scored(i++).get("fraud_model_version"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("version 2 did not score within 30 s of being written");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Test
    void aPathThatIsASavedModelItselfStillScores() {
        Path model = PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("model"));
        transform.configure(Map.of("model.path", model.toString()));
        transform.refreshNow();
        assertEquals("payments-v1", scored(0).get("fraud_model_version"));
    }

    @Test
    void closeClosesTheModelsSessions() {
        PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("1"));
        transform.configure(Map.of("model.path", root.toString(), "engine", "tensorflow"));
        ScoringEngine engine = transform.champion().loaded().engine();
        float[] input = new float[engine.inputSize()];
        engine.score(input);
        transform.close();
        assertThrows(IllegalStateException.class, () -> engine.score(input));
    }

    private List<String> errors() {
        return slotLog.messages(Level.ERROR);
    }

    private Map<?, ?> scored(int i) {
        return (Map<?, ?>) transform.apply(record(i)).value();
    }

    private static SourceRecord record(int i) {
        return new SourceRecord(null, null, "payments", 0, null, RECORDS.paymentMap(i));
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        return ones;
    }
}
