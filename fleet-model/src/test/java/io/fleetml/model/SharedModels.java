package io.fleetml.model;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SavedModels made outside this project that tests read in place from {@code shared/models} beside the
 * repository; a test using one is skipped with a message when it is absent.
 */
public final class SharedModels {
    /** TensorFlow 2.10 Keras Sequential, Dense 16→8→4→4→8→16, relu ×4 and a sigmoid output. */
    public static final String KERAS_DENSE_AUTOENCODER = "keras-tf2.10-dense-autoencoder";
    /** TensorFlow 1 graph y = 0.5·x + 2 with reference variables. */
    public static final String TF1_HALF_PLUS_TWO = "tf1-half-plus-two";

    private SharedModels() {
    }

    /** The model's directory; skips the test when it is absent. */
    public static Path require(String name) {
        // Tests run in their module's directory, one level below the repository root, beside which shared/ lies.
        Path dir = Path.of("").toAbsolutePath().resolve("../../shared/models").resolve(name).normalize();
        assumeTrue(Files.isRegularFile(dir.resolve("saved_model.pb")), "the shared model " + dir + " is absent");
        return dir;
    }
}
