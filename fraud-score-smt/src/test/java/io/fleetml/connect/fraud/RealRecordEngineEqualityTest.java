package io.fleetml.connect.fraud;

import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same equality as the engine package's random-input test, on real records through the whole transform: 10,000
 * simulated payments (ordinary ones and the five kinds of injected fraud, whose features lie far out) go through one
 * FraudScore with the Java engine and one with TensorFlow, for each activation, and the scores agree to 1e-5 relative.
 */
class RealRecordEngineEqualityTest {
    private static final int RECORDS = 10_000;
    private static final double RELATIVE_TOLERANCE = 1e-5;
    private static final List<SimulatedPayment> PAYMENTS = new PaymentSimulator(19, 150)
            .payments(RECORDS);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void javaAndTensorFlowScoreEveryRealPaymentAlike(Activation activation, TestReporter reporter) {
        Path model = PaymentModels.export(activation.ordinal() + 5, PaymentModels.DEFAULT_FEATURES, "equality-1",
                tmp.resolve(activation.name()), List.of(activation, activation, activation, activation));
        try (FraudScore.Value<SourceRecord> java = new FraudScore.Value<>();
             FraudScore.Value<SourceRecord> tensorFlow = new FraudScore.Value<>()) {
            java.configure(Map.of("model.path", model.toString(), "engine", "java"));
            tensorFlow.configure(Map.of("model.path", model.toString(), "engine", "tensorflow"));
            assertTrue(java.champion().loaded().engine().description().startsWith("java"));
            double worst = 0;
            int frauds = 0;
            for (SimulatedPayment payment : PAYMENTS) {
                SourceRecord record = new SourceRecord(null, null, "payments", 0, null, payment.value());
                double expected = score(tensorFlow.apply(record));
                double actual = score(java.apply(record));
                assertTrue(expected > 0, "a real payment is never reconstructed exactly");
                worst = Math.max(worst, Math.abs(actual - expected) / expected);
                frauds += payment.fraud() ? 1 : 0;
            }
            reporter.publishEntry("max relative difference " + activation, String.valueOf(worst));
            assertTrue(frauds > RECORDS / 100, "the records include injected fraud: " + frauds);
            assertTrue(worst <= RELATIVE_TOLERANCE, "max relative difference " + worst + " for " + activation);
        }
    }

    private static double score(SourceRecord scored) {
        Object score = ((Map<?, ?>) scored.value()).get("fraud_score");
        assertEquals(Double.class, score.getClass());
        return (Double) score;
    }
}
