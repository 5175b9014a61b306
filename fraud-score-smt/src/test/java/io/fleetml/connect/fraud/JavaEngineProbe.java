package io.fleetml.connect.fraud;

import org.apache.kafka.connect.source.SourceRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Run by {@link JavaEngineWithoutTensorFlowTest} in a JVM of its own: configures the transform with {@code engine=java}
 * on the model directory given as the argument, scores one record and prints the score.
 */
public final class JavaEngineProbe {
    private JavaEngineProbe() {
    }

    public static void main(String[] args) {
        try (FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>()) {
            transform.configure(Map.of("model.path", args[0], "engine", "java"));
            Map<String, Object> value = new HashMap<>();
            for (int i = 0; i < KerasModel.WIDTH; i++) {
                value.put(KerasModel.feature(i), 1.0 + i / 16.0);
            }
            Map<?, ?> scored = (Map<?, ?>) transform.apply(new SourceRecord(null, null, "t", 0, null, value)).value();
            System.out.println("score " + scored.get("fraud_score"));
        }
    }
}
