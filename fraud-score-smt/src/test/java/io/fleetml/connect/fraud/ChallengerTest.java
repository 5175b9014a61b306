package io.fleetml.connect.fraud;

import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChallengerTest {
    private static final FleetRecords RECORDS = new FleetRecords(3);
    private static final int PAYMENTS = 300;

    @TempDir
    static Path models;
    private static Path champion;
    private static Path challenger;
    /** The champion's median score on the payments, as its threshold: it flags about half, so flags can disagree. */
    private static double championThreshold;

    private final Metrics metrics = new Metrics();
    private final FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>();
    private final FraudScore.Value<SourceRecord> championAlone = new FraudScore.Value<>();
    private final FraudScore.Value<SourceRecord> challengerAlone = new FraudScore.Value<>();

    /** Two different models: the challenger has its own weights and only the seven numeric payment features. */
    @BeforeAll
    static void exportModels() {
        champion = PaymentModels.exportChampion(models.resolve("champion"));
        challenger = PaymentModels.exportChallenger(models.resolve("challenger"));
        FraudScore.Value<SourceRecord> alone = new FraudScore.Value<>();
        alone.configure(Map.of("model.path", champion.toString()));
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            scores.add((Double) ((Map<?, ?>) alone.apply(record(null, RECORDS.paymentMap(i))).value()).get("fraud_score"));
        }
        alone.close();
        Collections.sort(scores);
        championThreshold = scores.get(PAYMENTS / 2);
    }

    @AfterEach
    void close() {
        transform.close();
        championAlone.close();
        challengerAlone.close();
        metrics.close();
    }

    @Test
    void bothModelsScoreEveryPaymentAndTheMetricCountsTheFlagsThatDisagree() {
        String threshold = Double.toString(championThreshold);
        transform.configure(Map.of("model.path", champion.toString(), "threshold", threshold,
                "challenger.model.path", challenger.toString()));
        transform.withPluginMetrics(new PluginMetricsImpl(metrics, Map.of("connector", "payments", "task", "0")));
        championAlone.configure(Map.of("model.path", champion.toString(), "threshold", threshold));
        challengerAlone.configure(Map.of("model.path", challenger.toString()));

        int disagreements = 0;
        int flags = 0;
        for (int i = 0; i < PAYMENTS; i++) {
            Map<?, ?> out = (Map<?, ?>) transform.apply(record(null, RECORDS.paymentMap(i))).value();
            Map<?, ?> byChampion = (Map<?, ?>) championAlone.apply(record(null, RECORDS.paymentMap(i))).value();
            Map<?, ?> byChallenger = (Map<?, ?>) challengerAlone.apply(record(null, RECORDS.paymentMap(i))).value();
            assertEquals(byChampion.get("fraud_score"), out.get("fraud_score"));
            assertEquals(byChampion.get("fraud_flag"), out.get("fraud_flag"));
            assertEquals("champion-1", out.get("fraud_model_version"));
            assertEquals(byChallenger.get("fraud_score"), out.get("fraud_score_challenger"));
            assertEquals(byChallenger.get("fraud_flag"), out.get("fraud_flag_challenger"));
            flags += (Boolean) out.get("fraud_flag") ? 1 : 0;
            disagreements += out.get("fraud_flag").equals(out.get("fraud_flag_challenger")) ? 0 : 1;
        }
        assertTrue(disagreements > 0, "the two models disagree on some payments");
        assertEquals((double) PAYMENTS, metric(FraudScoreMetrics.RECORDS_SCORED));
        assertEquals(0.0, metric(FraudScoreMetrics.RECORDS_SKIPPED));
        assertEquals((double) flags, metric(FraudScoreMetrics.FLAGS));
        assertEquals((double) flags / PAYMENTS, metric(FraudScoreMetrics.FLAG_RATE));
        assertEquals((double) disagreements, metric(FraudScoreMetrics.CHALLENGER_DISAGREEMENTS));
        assertEquals("champion-1", metric(FraudScoreMetrics.MODEL_VERSION));
    }

    @Test
    void structSchemasGetTheChallengerFieldsOnceAsOptional() {
        transform.configure(Map.of("model.path", champion.toString(), "challenger.model.path", challenger.toString()));
        challengerAlone.configure(Map.of("model.path", challenger.toString()));
        Schema first = null;
        for (int i = 0; i < 20; i++) {
            SourceRecord scored = transform.apply(record(FleetRecords.PAYMENT_SCHEMA, RECORDS.paymentStruct(i)));
            first = first == null ? scored.valueSchema() : first;
            assertEquals(first, scored.valueSchema());
            Map<?, ?> byChallenger = (Map<?, ?>) challengerAlone.apply(record(null, RECORDS.paymentMap(i))).value();
            Struct out = (Struct) scored.value();
            assertEquals(byChallenger.get("fraud_score"), out.get("fraud_score_challenger"));
            assertEquals(byChallenger.get("fraud_flag"), out.get("fraud_flag_challenger"));
        }
        assertEquals(FleetRecords.PAYMENT_SCHEMA.fields().size() + 5, first.fields().size());
        assertEquals(Schema.OPTIONAL_FLOAT64_SCHEMA, first.field("fraud_score_challenger").schema());
        assertEquals(Schema.OPTIONAL_BOOLEAN_SCHEMA, first.field("fraud_flag_challenger").schema());
    }

    @Test
    void withoutAChallengerNoChallengerFieldsAreAdded() {
        transform.configure(Map.of("model.path", champion.toString()));
        Map<?, ?> out = (Map<?, ?>) transform.apply(record(null, RECORDS.paymentMap(0))).value();
        assertFalse(out.containsKey("fraud_score_challenger"));
        assertFalse(out.containsKey("fraud_flag_challenger"));
    }

    @Test
    void aPaymentTheChallengerCannotReadGetsItsFieldsAsNullAndStillCountsAsScored() {
        transform.configure(Map.of("model.path", champion.toString(), "challenger.model.path", challenger.toString(),
                "features", "amount, log1p(amount), onehot(merchant.category:a|b|c|d|e|f|g|h|i|j|k|l)"));
        transform.withPluginMetrics(new PluginMetricsImpl(metrics, Map.of("connector", "payments", "task", "0")));
        Map<?, ?> out = (Map<?, ?>) transform.apply(record(null,
                Map.of("amount", 12.5, "merchant", Map.of("category", "a")))).value();
        assertTrue(out.get("fraud_score") instanceof Double);
        assertTrue(out.containsKey("fraud_score_challenger"));
        assertEquals(null, out.get("fraud_score_challenger"));
        assertEquals(null, out.get("fraud_flag_challenger"));
        assertEquals(1.0, metric(FraudScoreMetrics.RECORDS_SCORED));
        assertEquals(0.0, metric(FraudScoreMetrics.CHALLENGER_DISAGREEMENTS));
    }

    @Test
    void challengerOutputFieldsMustDifferFromTheChampions() {
        ConfigException e = assertThrows(ConfigException.class, () -> transform.configure(Map.of(
                "model.path", champion.toString(), "challenger.model.path", challenger.toString(),
                "challenger.score.field", "fraud_score")));
        assertEquals("Invalid value fraud_score for configuration challenger.score.field: another output field already "
                + "has this name", e.getMessage());
    }

    @Test
    void aBrokenChallengerFailsAtConfigureNamingItsSetting() {
        Path missing = models.resolve("nowhere");
        ConfigException e = assertThrows(ConfigException.class, () -> transform.configure(Map.of(
                "model.path", champion.toString(), "challenger.model.path", missing.toString())));
        assertEquals("Invalid value " + missing + " for configuration challenger.model.path: does not exist", e.getMessage());
    }

    private Object metric(String name) {
        List<KafkaMetric> found = metrics.metrics().entrySet().stream()
                .filter(entry -> entry.getKey().name().equals(name)).map(Map.Entry::getValue).toList();
        assertEquals(1, found.size(), "one metric " + name + " in " + metrics.metrics().keySet().stream()
                .map(MetricName::name).toList());
        return found.get(0).metricValue();
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "payments", 0, schema, value);
    }
}
