package io.fleetml.trainer;

import io.fleetml.model.graph.GraphBytes;
import io.fleetml.model.repository.LocalModelRepository;
import io.fleetml.model.repository.ModelRepository;
import io.fleetml.simulator.PaymentSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer publishes a version only once its graph has passed the check the SMT runs before loading. */
class PublishCheckTest {
    private static final Path FIXTURE = PaymentsFixture.COMMITTED.resolve("1");

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "relu"})
    void aFreshlyTrainedExportPassesTheCheckWithEitherActivation(String activation, @TempDir Path input)
            throws IOException {
        SinkLayout.write(input, "payments", new PaymentSimulator(1, 20).payments(200));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainerMain.run(new String[] {"--input", input.toString(), "--output", root.toString(), "--epochs", "1",
                "--layers", "4,2,4", "--activation", activation, "--features", "amount, vehicle.speed"},
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC());
        assertEquals(TrainerMain.OK, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(root.resolve("1/saved_model.pb")));
    }

    @Test
    void theCommittedFixtureExportIsPublished() throws IOException {
        try (ModelRepository repository = new LocalModelRepository(root)) {
            Path staged = stage(repository, UnaryOperator.identity());
            assertEquals(root.resolve("1").toString(), Trainer.publish(repository, staged, 1));
            assertEquals(1, repository.list().versions().size());
        }
    }

    @Test
    void aStagedModelWithAWriteFileIsNotPublished() throws IOException {
        try (ModelRepository repository = new LocalModelRepository(root)) {
            Path staged = stage(repository, bytes -> GraphBytes.withWriteFileOnLoad(bytes, root.resolve("written")));
            IOException e = assertThrows(IOException.class, () -> Trainer.publish(repository, staged, 1));
            assertTrue(e.getMessage().startsWith("refusing to publish version 1 to --output " + root + ": "
                    + "saved_model.pb has ops that could do more than score"), e.getMessage());
            assertTrue(e.getMessage().contains("WriteFile at node 'attack/write'"), e.getMessage());
            assertTrue(repository.list().versions().isEmpty());
        }
        assertFalse(Files.exists(root.resolve("1")), "no version directory was published");
    }

    /** Stages version 1 as the committed fixture export with {@code edit} applied to its graph. */
    private static Path stage(ModelRepository repository, UnaryOperator<byte[]> edit) throws IOException {
        return GraphBytes.copyEdited(FIXTURE, repository.stage(1), edit);
    }
}
