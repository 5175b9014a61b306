package io.fleetml.testkit;

import io.fleetml.testkit.connect.SampleFleetSourceConnector;

import java.util.HashMap;
import java.util.Map;

/**
 * Connector configurations shared by the demo and the integration tests: sample payments through the PII-mask SMT,
 * written as JSON. The SMT is named by class name only, so it is loaded from the worker's plugin.path.
 */
public final class SamplePipelines {
    public static final String KEY_ID_HEADER = "fleetml.pii.key.id";

    private SamplePipelines() {
    }

    /** A mutable connector config: {@code records} payments of {@code seed} to {@code topic}, masked with {@code hashKey}. */
    public static Map<String, String> maskedPayments(String topic, int records, boolean schemaless, long seed,
                                                     String hashKey, String keyId) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SampleFleetSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(SampleFleetSourceConnector.TOPIC_CONFIG, topic);
        config.put(SampleFleetSourceConnector.RECORDS_CONFIG, Integer.toString(records));
        config.put(SampleFleetSourceConnector.SCHEMALESS_CONFIG, Boolean.toString(schemaless));
        config.put(SampleFleetSourceConnector.SEED_CONFIG, Long.toString(seed));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", Boolean.toString(!schemaless));
        config.put("transforms", "pii");
        config.put("transforms.pii.type", "io.fleetml.connect.pii.PiiMask$Value");
        config.put("transforms.pii.field.syntax.version", "V2");
        config.put("transforms.pii.hash.fields", "vin,driver_id");
        config.put("transforms.pii.hash.key", hashKey);
        config.put("transforms.pii.hash.key.id", keyId);
        config.put("transforms.pii.partial.fields", "card.number");
        config.put("transforms.pii.redact.fields", "driver.name");
        config.put("transforms.pii.drop.fields", "driver.phone,driver.email");
        config.put("transforms.pii.geo.fields", "vehicle.location,merchant.location");
        config.put("transforms.pii.scan.fields", "notes");
        return config;
    }
}
