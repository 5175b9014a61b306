package io.fleetml.connect.fraud;

import ch.qos.logback.classic.Level;
import io.fleetml.model.graph.GraphBytes;
import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.fleetml.model.graph.GraphBytes.node;
import static io.fleetml.model.graph.GraphBytes.stringConst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models whose graphs could touch files are refused at configure and at refresh, before TensorFlow loads them. */
class UnsafeModelTest {
    private static final FleetRecords RECORDS = new FleetRecords(3);

    @TempDir
    Path dir;

    private final FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>();
    @RegisterExtension
    final CapturedLog slotLog = CapturedLog.of(ModelSlot.class);

    @AfterEach
    void close() {
        transform.close();
    }

    @Test
    void theCraftedModelWritesItsFileWhenTensorFlowLoadsIt() {
        Path target = dir.resolve("written-by-tensorflow");
        Path model = writeFileOnLoad(target, dir.resolve("model"));
        try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), SavedModelBundle.DEFAULT_TAG)) {
            assertTrue(Files.exists(target), "the attack the check must stop works when nothing checks");
        }
    }

    @Test
    void configureRefusesAWriteFileBeforeTensorFlowLoadsTheModel() {
        Path target = dir.resolve("written-by-configure");
        Path model = writeFileOnLoad(target, dir.resolve("model"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> transform.configure(Map.of("model.path", model.toString())));
        assertTrue(e.getMessage().startsWith("Invalid value " + model + " for configuration model.path: is refused "
                + "before loading: saved_model.pb has ops that could do more than score"), e.getMessage());
        assertTrue(e.getMessage().contains("WriteFile at node 'attack/write'"), e.getMessage());
        assertFalse(Files.exists(target), "nothing of the model ran");
    }

    @Test
    void configureRefusesAReadFileNamingTheChallengerSetting() {
        Path champion = PaymentModels.exportChampion(dir.resolve("champion"));
        Path challenger = GraphBytes.copyEdited(champion, dir.resolve("challenger"), bytes -> GraphBytes.withGraph(bytes,
                List.of(stringConst("attack/path", "/etc/hostname"), node("attack/read", "ReadFile", "attack/path")),
                List.of()));
        ConfigException e = assertThrows(ConfigException.class, () -> transform.configure(Map.of(
                "model.path", champion.toString(), "challenger.model.path", challenger.toString())));
        assertTrue(e.getMessage().startsWith("Invalid value " + challenger + " for configuration challenger.model.path"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ReadFile at node 'attack/read' (not an op of inference or variable restore)"),
                e.getMessage());
    }

    @Test
    void configureRefusesAnOpThatOnlyALibraryFunctionHolds() {
        Path model = GraphBytes.copyEdited(PaymentModels.exportChampion(dir.resolve("base")), dir.resolve("model"),
                GraphBytes::withReadFileInFunction);
        ConfigException e = assertThrows(ConfigException.class,
                () -> transform.configure(Map.of("model.path", model.toString())));
        assertTrue(e.getMessage().contains("ReadFile at node 'read' in function 'attack_read'"), e.getMessage());
    }

    @Test
    void aRefreshRejectsANewVersionWithAWriteFileBeforeLoadingItAndTheCurrentOneKeepsScoring() {
        Path root = dir.resolve("root");
        PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "payments-v1", root.resolve("1"));
        transform.configure(Map.of("model.path", root.toString(), "model.refresh.interval.ms", "0"));

        Path target = dir.resolve("written-by-refresh");
        Path base = PaymentModels.export(5, PaymentModels.DEFAULT_FEATURES, "payments-v2", dir.resolve("base"));
        GraphBytes.copyEdited(base, root.resolve("2"), bytes -> GraphBytes.withWriteFileOnLoad(bytes, target));
        transform.refreshNow();

        assertFalse(Files.exists(target), "nothing of version 2 ran");
        Map<?, ?> scored = (Map<?, ?>) transform.apply(new SourceRecord(null, null, "payments", 0, null, RECORDS.paymentMap(0))).value();
        assertEquals("payments-v1", scored.get("fraud_model_version"));
        List<String> errors = slotLog.messages(Level.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("FraudScore: champion model version 2 in " + root.resolve("2")
                + " is rejected, version 1 keeps scoring"), errors.get(0));
        assertTrue(errors.get(0).contains("WriteFile at node 'attack/write'"), errors.get(0));
    }

    /** A payments model whose restore op also writes {@code target}. */
    private Path writeFileOnLoad(Path target, Path model) {
        Path base = PaymentModels.exportChampion(dir.resolve("base-" + model.getFileName()));
        return GraphBytes.copyEdited(base, model, bytes -> GraphBytes.withWriteFileOnLoad(bytes, target));
    }
}
