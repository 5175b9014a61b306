package io.fleetml.trainer;

import io.fleetml.model.features.Features;
import io.fleetml.model.graph.GraphCheck;
import io.fleetml.model.graph.UnsafeGraphException;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.model.metadata.Normalizer;
import io.fleetml.model.repository.ModelRepository;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Turns extracted records into a published model version: splits off the validation records, fits the normalization on
 * the training records, trains the {@link Autoencoder}, places the threshold at a percentile of the validation errors,
 * evaluates on the labeled validation records, and publishes the SavedModel with {@value ModelMetadata#FILE_NAME} as
 * the next version of a {@link ModelRepository}, once its graph has passed {@link GraphCheck}.
 */
public final class Trainer {
    private final TrainingOptions options;
    private final Clock clock;

    public Trainer(TrainingOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /**
     * What a run produced.
     *
     * @param location         where the published version is: a local directory or a gs:// prefix
     * @param metadata         as written beside the SavedModel
     * @param history          the epochs run
     * @param validationErrors reconstruction error of each validation record
     * @param validationLabels the label of each validation record, {@link TrainingRecords#UNLABELED} without one
     */
    public record Result(String location, ModelMetadata metadata, TrainingHistory history, double[] validationErrors,
                         byte[] validationLabels) {
    }

    Result train(Features features, TrainingRecords records, ModelRepository repository, Consumer<EpochReport> progress)
            throws IOException {
        int n = records.vectors().size();
        int validationCount = (int) Math.round(n * options.validationSplit());
        if (validationCount < 1 || n - validationCount < 1) {
            throw new IllegalArgumentException("--validation-split " + options.validationSplit() + " of " + n
                    + " records leaves no training or no validation records; more data is needed");
        }
        int[] order = Permutations.identity(n);
        Permutations.shuffle(order, new Random(options.seed()));
        int[] trainRows = Arrays.copyOfRange(order, validationCount, n);
        int[] validationRows = Arrays.copyOfRange(order, 0, validationCount);

        int width = features.width();
        double[][] meanStd = Standardization.fit(records.vectors(), trainRows, width);
        Normalizer normalizer = new Normalizer(meanStd[0], meanStd[1]);
        FeatureMatrix train = matrix(records.vectors(), trainRows, normalizer, width);
        FeatureMatrix validation = matrix(records.vectors(), validationRows, normalizer, width);
        byte[] validationLabels = new byte[validationCount];
        for (int i = 0; i < validationCount; i++) {
            validationLabels[i] = records.labels()[validationRows[i]];
        }

        long version;
        try {
            version = repository.nextVersion();
        } catch (IOException e) {
            throw new IOException("cannot list --output " + repository.location() + ": " + e.getMessage(), e);
        }
        Path staging = repository.stage(version);
        TrainingHistory history;
        double[] errors;
        try (Autoencoder autoencoder = new Autoencoder(width, options)) {
            history = autoencoder.fit(train, validation, progress);
            errors = autoencoder.reconstructionErrors(validation);
            autoencoder.export(staging);
        }
        double threshold = Evaluation.percentile(errors, options.thresholdPercentile());
        ModelMetadata metadata = new ModelMetadata(Long.toString(version), features.names(), meanStd[0], meanStd[1],
                threshold, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
                metrics(records, history, train.rows(), errors, validationLabels, threshold));
        metadata.write(staging.resolve(ModelMetadata.FILE_NAME));
        String published = publish(repository, staging, version);
        return new Result(published, metadata, history, errors, validationLabels);
    }

    /**
     * Publishes the staged version once {@link GraphCheck} finds nothing in its graph but inference and variable restore,
     * so the trainer never hands a reader a model that loading would let act on its machine.
     */
    static String publish(ModelRepository repository, Path staged, long version) throws IOException {
        try {
            GraphCheck.check(staged);
        } catch (UnsafeGraphException e) {
            throw new IOException("refusing to publish version " + version + " to --output " + repository.location()
                    + ": " + e.getMessage(), e);
        }
        return repository.publish(staged, version);
    }

    private Map<String, Double> metrics(TrainingRecords records, TrainingHistory history, int trainCount,
                                        double[] errors, byte[] labels, double threshold) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", history.best().trainLoss());
        metrics.put("val_loss", history.best().validationLoss());
        metrics.put("epochs", (double) history.epochs().size());
        metrics.put("best_epoch", (double) history.bestEpoch());
        metrics.put("train_records", (double) trainCount);
        metrics.put("validation_records", (double) errors.length);
        metrics.put("skipped_records", (double) records.skippedCount());
        metrics.put("threshold_percentile", options.thresholdPercentile());
        double auc = Evaluation.rocAuc(errors, labels);
        if (!Double.isNaN(auc)) {
            Evaluation.Confusion confusion = Evaluation.confusion(errors, labels, threshold);
            metrics.put("roc_auc", auc);
            metrics.put("recall", confusion.recall());
            if (!Double.isNaN(confusion.precision())) {
                metrics.put("precision", confusion.precision());
            }
            metrics.put("labeled_records", (double) (confusion.truePositives() + confusion.falseNegatives()
                    + confusion.falsePositives() + confusion.trueNegatives()));
            metrics.put("fraud_records", (double) (confusion.truePositives() + confusion.falseNegatives()));
        }
        return metrics;
    }

    private static FeatureMatrix matrix(List<double[]> vectors, int[] rows, Normalizer normalizer, int width) {
        float[] values = new float[rows.length * width];
        float[] row = new float[width];
        for (int i = 0; i < rows.length; i++) {
            normalizer.normalize(vectors.get(rows[i]), row);
            System.arraycopy(row, 0, values, i * width, width);
        }
        return new FeatureMatrix(values, width);
    }
}
