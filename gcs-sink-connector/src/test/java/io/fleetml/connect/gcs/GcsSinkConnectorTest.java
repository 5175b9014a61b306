package io.fleetml.connect.gcs;

import io.fleetml.connect.common.config.ValidationErrors;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connector's validate call, which the REST API and UIs show next to each setting. */
class GcsSinkConnectorTest {
    private static Map<String, String> props(String... settings) {
        Map<String, String> props = new HashMap<>(Map.of("gcs.bucket.name", "training", "format", "jsonl"));
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return ValidationErrors.of(new GcsSinkConnector().validate(props));
    }

    @Test
    void bothIdentitySettingsAreMarkedWhenBothAreSet() {
        Map<String, String> props = props("dedup.header", "pubsub.message.id", "dedup.fields", "vin,ts");
        Map<String, List<String>> errors = errors(props);
        assertEquals(List.of(GcsSinkConfig.DEDUP_CONFLICT), errors.get("dedup.header"));
        assertEquals(List.of(GcsSinkConfig.DEDUP_CONFLICT), errors.get("dedup.fields"));
        assertEquals(2, errors.size(), errors.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> new GcsSinkConfig(props));
        assertTrue(e.getMessage().contains("dedup.header") && e.getMessage().contains("dedup.fields"), e.getMessage());
    }

    @Test
    void eitherIdentitySettingAloneIsValid() {
        assertEquals(Map.of(), errors(props("dedup.header", "pubsub.message.id")));
        assertEquals(Map.of(), errors(props("dedup.fields", "vin,ts", "dedup.window.records", "5000")));
        assertEquals(List.of("dedup.window.records"), List.copyOf(errors(props("dedup.window.records", "0")).keySet()));
    }

    @Test
    void aMalformedIdentityFieldFailsValidationNamingTheSetting() {
        Map<String, List<String>> errors = errors(props("field.syntax.version", "V2", "dedup.fields", "vin,a..b"));
        assertTrue(errors.containsKey("dedup.fields"), errors.toString());
    }

    @Test
    void aCrossSettingErrorGoesToTheSettingItNames() {
        Map<String, List<String>> errors = errors(props("timestamp.extractor", "RecordField"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.containsKey("timestamp.field"), errors.toString());
        errors = errors(props("format", "tfrecord", "format.compression", "gzip"));
        assertTrue(errors.containsKey("format.compression"), errors.toString());
    }
}
