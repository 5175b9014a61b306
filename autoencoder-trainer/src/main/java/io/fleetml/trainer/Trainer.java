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
 * Turns extracted records into a published model version: leaves out the records labeled fraud (unless asked to train
 * on them), splits the validation records off the rest, fits the normalization on the training records, trains the
 * {@link Autoencoder}, places the threshold at a percentile of the validation errors or where it meets a precision or
 * recall target on the labeled records, evaluates on the labeled validation records and the fraud, and publishes the
 * SavedModel with {@value ModelMetadata#FILE_NAME} as the next version of a {@link ModelRepository}, once its graph has
 * passed {@link GraphCheck}.
 */
public final class Trainer {
    private final TrainingOptions options;
    private final ThresholdTarget thresholdTarget;
    private final boolean fraudInTraining;
    private final Clock clock;

    /**
     * {@code thresholdTarget} null places the threshold at the options' percentile of the validation errors.
     * {@code fraudInTraining} splits the records labeled fraud into training and validation like the others instead of
     * only evaluating them, to measure how the model copes with fraud nobody has reported yet.
     */
    public Trainer(TrainingOptions options, ThresholdTarget thresholdTarget, boolean fraudInTraining, Clock clock) {
        this.options = options;
        this.thresholdTarget = thresholdTarget;
        this.fraudInTraining = fraudInTraining;
        this.clock = clock;
    }

    /**
     * What a run produced.
     *
     * @param location         where the published version is: a local directory or a gs:// prefix
     * @param metadata         as written beside the SavedModel
     * @param history          the epochs run
     * @param validationRecords how many of the evaluation records are validation records, which come first
     * @param evaluationErrors reconstruction error of each evaluation record: the validation records, then every record
     *                         labeled fraud, which is never trained on
     * @param evaluationLabels the label of each evaluation record, {@link TrainingRecords#UNLABELED} without one
     */
    public record Result(String location, ModelMetadata metadata, TrainingHistory history, int validationRecords,
                         double[] evaluationErrors, byte[] evaluationLabels) {
    }

    Result train(Features features, TrainingRecords records, ModelRepository repository, Consumer<EpochReport> progress)
            throws IOException {
        int[] fraudRows = fraudInTraining ? new int[0] : rowsLabeled(records, true);
        int[] trainable = fraudInTraining ? Permutations.identity(records.labels().length) : rowsLabeled(records, false);
        int n = trainable.length;
        int validationCount = (int) Math.round(n * options.validationSplit());
        if (validationCount < 1 || n - validationCount < 1) {
            throw new IllegalArgumentException("--validation-split " + options.validationSplit() + " of " + n
                    + " records not labeled fraud leaves no training or no validation records; more data is needed");
        }
        Permutations.shuffle(trainable, new Random(options.seed()));
        int[] trainRows = Arrays.copyOfRange(trainable, validationCount, n);
        int[] validationRows = Arrays.copyOfRange(trainable, 0, validationCount);
        // Fraud known from the labels is never trained on; it joins the validation records to be evaluated.
        int[] evaluationRows = Arrays.copyOf(validationRows, validationCount + fraudRows.length);
        System.arraycopy(fraudRows, 0, evaluationRows, validationCount, fraudRows.length);

        int width = features.width();
        double[][] meanStd = Standardization.fit(records.vectors(), trainRows, width);
        Normalizer normalizer = new Normalizer(meanStd[0], meanStd[1]);
        FeatureMatrix train = matrix(records.vectors(), trainRows, normalizer, width);
        FeatureMatrix validation = matrix(records.vectors(), validationRows, normalizer, width);
        FeatureMatrix evaluation = matrix(records.vectors(), evaluationRows, normalizer, width);
        byte[] evaluationLabels = new byte[evaluationRows.length];
        for (int i = 0; i < evaluationRows.length; i++) {
            evaluationLabels[i] = records.labels()[evaluationRows[i]];
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
            errors = autoencoder.reconstructionErrors(evaluation);
            autoencoder.export(staging);
        }
        double threshold = thresholdTarget == null
                ? Evaluation.percentile(Arrays.copyOf(errors, validationCount), options.thresholdPercentile())
                : Evaluation.thresholdFor(errors, evaluationLabels, thresholdTarget);
        ModelMetadata metadata = new ModelMetadata(Long.toString(version), features.names(), meanStd[0], meanStd[1],
                threshold, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
                metrics(records, history, train.rows(), validationCount, errors, evaluationLabels, threshold));
        metadata.write(staging.resolve(ModelMetadata.FILE_NAME));
        String published = publish(repository, staging, version);
        return new Result(published, metadata, history, validationCount, errors, evaluationLabels);
    }

    /** The rows labeled fraud, or ({@code fraud} false) all others, in file order. */
    private static int[] rowsLabeled(TrainingRecords records, boolean fraud) {
        byte[] labels = records.labels();
        int[] rows = new int[labels.length];
        int count = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] == TrainingRecords.FRAUD) == fraud) {
                rows[count++] = i;
            }
        }
        return Arrays.copyOf(rows, count);
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
                                        int validationCount, double[] errors, byte[] labels, double threshold) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", history.best().trainLoss());
        metrics.put("val_loss", history.best().validationLoss());
        metrics.put("epochs", (double) history.epochs().size());
        metrics.put("best_epoch", (double) history.bestEpoch());
        metrics.put("train_records", (double) trainCount);
        metrics.put("validation_records", (double) validationCount);
        metrics.put("skipped_records", (double) records.skippedCount());
        if (thresholdTarget == null) {
            metrics.put("threshold_percentile", options.thresholdPercentile());
        } else {
            metrics.put("threshold_target_" + thresholdTarget.metricName(), thresholdTarget.value());
        }
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
