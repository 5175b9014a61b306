package io.fleetml.connect.fraud;

import io.fleetml.model.SharedModels;
import io.fleetml.model.metadata.ModelMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shared Keras autoencoder as a model directory the transform loads: its {@code saved_model.pb} and
 * {@code variables/} linked in place, beside a {@code fleetml-model.json} written here, as a user writes one for a
 * model made elsewhere (README, "fleetml-model.json for models made elsewhere").
 */
final class KerasModel {
    static final int WIDTH = 16;
    static final String VERSION = "keras-dense-autoencoder";
    /** Inputs of 0 to 1 and the sigmoid's outputs of 0 to 1 are less than 1 apart: only values beyond flag. */
    static final double THRESHOLD = 1.0;

    private KerasModel() {
    }

    /** The feature of input {@code i}: the top-level field {@code s<i>}. */
    static String feature(int i) {
        return "s" + i;
    }

    /** A directory in {@code parent} holding the Keras model and its metadata; skips the test when it is absent. */
    static Path in(Path parent) throws IOException {
        Path shared = SharedModels.require(SharedModels.KERAS_DENSE_AUTOENCODER);
        Path dir = Files.createDirectories(parent.resolve("keras"));
        Files.createSymbolicLink(dir.resolve("saved_model.pb"), shared.resolve("saved_model.pb"));
        Files.createSymbolicLink(dir.resolve("variables"), shared.resolve("variables"));
        List<String> features = new ArrayList<>();
        for (int i = 0; i < WIDTH; i++) {
            features.add(feature(i));
        }
        double[] std = new double[WIDTH];
        Arrays.fill(std, 2.0);
        // Trained on values of 0 to 1: here each field is that value times 2 plus 1, undone by mean 1 and std 2.
        double[] mean = new double[WIDTH];
        Arrays.fill(mean, 1.0);
        new ModelMetadata(VERSION, features, mean, std, THRESHOLD, null, null)
                .write(dir.resolve(ModelMetadata.FILE_NAME));
        return dir;
    }
}
