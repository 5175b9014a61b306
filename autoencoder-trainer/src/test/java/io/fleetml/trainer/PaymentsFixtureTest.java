package io.fleetml.trainer;

import io.fleetml.model.features.Features;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.simulator.SimulatedPayment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed model fixture still loads, names the payment features, and flags held-out fraud. */
class PaymentsFixtureTest {
    private static final Path VERSION = PaymentsFixture.COMMITTED.resolve("1");

    @Test
    void committedFixtureFlagsHeldOutFraudWithRocAucAbove95Percent() throws Exception {
        ModelMetadata metadata = ModelMetadata.read(VERSION.resolve(ModelMetadata.FILE_NAME));
        assertEquals(Features.parse(Features.PAYMENT_DEFAULTS, "features").names(), metadata.features());

        List<SimulatedPayment> heldOut = PaymentsFixture.heldOut(2_000);
        double auc = Evaluation.rocAuc(SavedModelScorer.score(VERSION, heldOut), SavedModelScorer.labels(heldOut));
        assertTrue(auc >= 0.95, "held-out ROC AUC " + auc);
    }
}
