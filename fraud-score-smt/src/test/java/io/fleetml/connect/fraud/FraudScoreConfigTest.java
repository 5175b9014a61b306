package io.fleetml.connect.fraud;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FraudScoreConfigTest {
    @Test
    void defaultsTakeFeaturesAndThresholdFromTheModel() {
        FraudScoreConfig config = new FraudScoreConfig(Map.of("model.path", "/models/payments"));
        assertEquals("serving_default", config.signature());
        assertEquals(FraudScoreConfig.Engine.AUTO, config.engine());
        assertNull(config.features());
        assertNull(config.threshold());
        assertEquals(FraudScoreConfig.OnMissingFeature.SKIP, config.onMissingFeature(), "a source never crash-loops on one record");
        assertEquals(FraudScoreConfig.OnInvalidRecord.PASS, config.onInvalidRecord());
        assertEquals(List.of("fraud_score", "fraud_flag", "fraud_model_version"),
                List.of(config.scoreField(), config.flagField(), config.modelVersionField()));
        assertEquals(60_000L, config.modelRefreshIntervalMs());
        assertNull(config.challengerModelPath());
        assertEquals(List.of("fraud_score_challenger", "fraud_flag_challenger"),
                List.of(config.challengerScoreField(), config.challengerFlagField()));
        assertNull(config.modelCacheDir());
    }

    @Test
    void gcsSettingsAreTheSinksOnesInTheirOwnGroupWithTheInlineKeyHidden() {
        Map<String, ConfigDef.ConfigKey> keys = FraudScoreConfig.CONFIG_DEF.configKeys();
        for (String key : List.of("gcs.endpoint", "gcp.project.id", "gcs.credentials.path", "gcs.credentials.json",
                "gcs.retry.max.attempts", "gcs.retry.backoff.ms", "model.cache.dir")) {
            assertEquals("GCS", keys.get(key).group, key);
        }
        assertEquals(ConfigDef.Type.PASSWORD, keys.get("gcs.credentials.json").type);
        FraudScoreConfig config = new FraudScoreConfig(Map.of("model.path", "gs://models/payments",
                "model.cache.dir", "/var/cache/fraud", "gcs.credentials.json", "{\"type\": \"service_account\"}"));
        assertEquals("gs://models/payments", config.modelPath());
        assertEquals("/var/cache/fraud", config.modelCacheDir().toString());
        assertEquals("[hidden]", config.getPassword("gcs.credentials.json").toString());
    }

    @Test
    void featuresAreOneStringWhoseExpressionsMayContainCommas() {
        FraudScoreConfig config = new FraudScoreConfig(Map.of("model.path", "/m",
                "features", "amount, distance_km(a.lat,a.lon,b.lat,b.lon)"));
        assertEquals(List.of("amount", "distance_km(a.lat,a.lon,b.lat,b.lon)"), config.features().names());
    }

    @Test
    void everySettingIsCheckedWithAMessageNamingIt() {
        assertEquals("Missing required configuration \"model.path\" which has no default value.",
                assertThrows(ConfigException.class, () -> new FraudScoreConfig(Map.of())).getMessage());
        assertEquals("Invalid value gpu for configuration engine: must be one of auto, java, tensorflow",
                message("engine", "gpu"));
        assertEquals("Invalid value drop for configuration on.missing.feature: must be one of fail, skip, zero",
                message("on.missing.feature", "drop"));
        assertEquals("Invalid value -1.0 for configuration threshold: must be a finite number, not negative",
                message("threshold", "-1"));
        assertEquals("Invalid value log2(amount) for configuration features: unknown function 'log2'; known functions: "
                + "log1p, hour_sin, hour_cos, distance_km, onehot", message("features", "log2(amount)"));
        assertEquals("Invalid value fraud_score for configuration flag.field: another output field already has this name",
                message("flag.field", "fraud_score"));
        assertEquals("Invalid value -1 for configuration model.refresh.interval.ms: Value must be at least 0",
                message("model.refresh.interval.ms", "-1"));
        assertEquals("Invalid value  for configuration challenger.model.path: String must be non-empty",
                message("challenger.model.path", ""));
        assertEquals("Invalid value gs://a/models for configuration challenger.model.path: 'a' is not a valid bucket "
                + "name (3 to 222 lower-case letters, digits, dots, dashes or underscores, starting and ending with a "
                + "letter or digit)", message("challenger.model.path", "gs://a/models"));
        assertEquals("Invalid value  for configuration model.cache.dir: String must be non-empty",
                message("model.cache.dir", " "));
        assertEquals("Invalid value 0 for configuration gcs.retry.max.attempts: Value must be at least 1",
                message("gcs.retry.max.attempts", "0"));
    }

    private static String message(String key, String value) {
        Map<String, String> props = new HashMap<>(Map.of("model.path", "/m"));
        props.put(key, value);
        return assertThrows(ConfigException.class, () -> new FraudScoreConfig(props)).getMessage();
    }
}
