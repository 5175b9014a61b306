package io.fleetml.connect.fraud;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Keras autoencoder exported by Python TensorFlow, with a {@code fleetml-model.json} written for it by hand, scores
 * records through the whole transform, in the Java engine, and as TensorFlow scores them.
 */
class FraudScoreKerasModelTest {
    @TempDir
    Path tmp;

    private final FraudScore.Value<SourceRecord> java = new FraudScore.Value<>();
    private final FraudScore.Value<SourceRecord> tensorFlow = new FraudScore.Value<>();

    @AfterEach
    void close() {
        java.close();
        tensorFlow.close();
    }

    @Test
    void aKerasModelWithAHandWrittenMetadataFileScoresRecordsInJavaAsTensorFlowDoes() throws IOException {
        Path model = KerasModel.in(tmp);
        java.configure(Map.of("model.path", model.toString()));
        tensorFlow.configure(Map.of("model.path", model.toString(), "engine", "tensorflow"));
        assertEquals("java (5 dense layers)", java.champion().loaded().engine().description(),
                "engine=auto reads the Keras graph in Java");

        SplittableRandom random = new SplittableRandom(3);
        for (int r = 0; r < 200; r++) {
            boolean outlier = r % 10 == 0;
            Map<String, Object> value = new HashMap<>();
            for (int i = 0; i < KerasModel.WIDTH; i++) {
                double raw = random.nextDouble() * (outlier ? 4 : 1);
                value.put(KerasModel.feature(i), raw * 2 + 1);
            }
            Map<?, ?> scored = scored(java, value);
            double expected = (Double) scored(tensorFlow, value).get("fraud_score");
            double score = (Double) scored.get("fraud_score");
            assertEquals(expected, score, 1e-5 * expected);
            assertEquals(outlier, scored.get("fraud_flag"), "record " + r + " scored " + score);
            assertEquals(KerasModel.VERSION, scored.get("fraud_model_version"));
        }
    }

    private static Map<?, ?> scored(FraudScore.Value<SourceRecord> transform, Map<String, Object> value) {
        return (Map<?, ?>) transform.apply(new SourceRecord(null, null, "vibration", 0, null, value)).value();
    }
}
