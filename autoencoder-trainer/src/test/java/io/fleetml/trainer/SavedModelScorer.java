package io.fleetml.trainer;

import io.fleetml.model.features.Features;
import io.fleetml.model.features.MissingFeature;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.model.metadata.Normalizer;
import io.fleetml.simulator.SimulatedPayment;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Scores payments with an exported model version the way a consumer would: features and normalization from its
 * {@code fleetml-model.json}, reconstruction errors from the SavedModel's serving signature, not from the trainer's code.
 */
final class SavedModelScorer {
    private SavedModelScorer() {
    }

    static double[] score(Path version, List<SimulatedPayment> payments) throws IOException, MissingFeature {
        ModelMetadata metadata = ModelMetadata.read(version.resolve(ModelMetadata.FILE_NAME));
        Features features = Features.of(metadata.features(), "features");
        Normalizer normalizer = Normalizer.of(metadata);
        int width = features.width();
        float[] rows = new float[payments.size() * width];
        for (int i = 0; i < payments.size(); i++) {
            float[] row = normalizer.normalize(features.extract(payments.get(i).value()));
            System.arraycopy(row, 0, rows, i * width, width);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(version.toString(), "serve");
             TFloat32 input = TFloat32.tensorOf(Shape.of(payments.size(), width), DataBuffers.of(rows, true, false));
             Result result = bundle.function("serving_default").call(Map.<String, Tensor>of("features", input))) {
            TFloat32 errors = (TFloat32) result.get("reconstruction_error").orElseThrow();
            double[] scores = new double[payments.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = errors.getFloat(i);
            }
            return scores;
        }
    }

    static byte[] labels(List<SimulatedPayment> payments) {
        byte[] labels = new byte[payments.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = payments.get(i).fraud() ? TrainingRecords.FRAUD : TrainingRecords.NORMAL;
        }
        return labels;
    }
}
