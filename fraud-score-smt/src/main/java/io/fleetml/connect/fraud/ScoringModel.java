package io.fleetml.connect.fraud;

import io.fleetml.model.features.Features;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.model.metadata.Normalizer;
import io.fleetml.model.repository.ModelVersion;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;

/**
 * One model version ready to score: the loaded model, the scorer over its features and the threshold that flags. Not
 * changed once built; its scorer reuses buffers, so it is used by the task thread only.
 */
final class ScoringModel implements AutoCloseable {
    /**
     * How to build a model from a version directory. {@code features} and {@code threshold} override the model's own
     * when not null; {@code pathSetting} is the setting problems are reported against.
     */
    record Settings(String pathSetting, String signature, FraudScoreConfig.Engine engine, Features features,
                    Double threshold, boolean zeroMissing) {
    }

    private final long number;
    private final LoadedModel loaded;
    private final RecordScorer scorer;
    private final double threshold;

    private ScoringModel(long number, LoadedModel loaded, RecordScorer scorer, double threshold) {
        this.number = number;
        this.loaded = loaded;
        this.scorer = scorer;
        this.threshold = threshold;
    }

    /**
     * Loads {@code version} from its files in {@code dir}; any problem is a {@link ConfigException} naming the setting
     * and the version's location, with nothing left open.
     */
    static ScoringModel load(Settings settings, ModelVersion version, Path dir) {
        LoadedModel loaded = ModelLoader.load(settings.pathSetting(), dir, version.location(), settings.signature(),
                settings.engine());
        try {
            RecordScorer scorer = scorer(settings, version, loaded);
            double threshold = settings.threshold() != null ? settings.threshold() : loaded.metadata().threshold();
            return new ScoringModel(version.number(), loaded, scorer, threshold);
        } catch (RuntimeException | Error e) {
            loaded.close();
            throw e;
        }
    }

    /** The configured features, or the model's own, checked against the model's input width. */
    private static RecordScorer scorer(Settings settings, ModelVersion version, LoadedModel loaded) {
        ModelMetadata metadata = loaded.metadata();
        int inputs = loaded.engine().inputSize();
        Features features = settings.features();
        if (features == null) {
            features = Features.of(metadata.features(), FraudScoreConfig.FEATURES_CONFIG);
            if (features.width() != inputs) {
                throw new ConfigException(settings.pathSetting(), version.location(), "the features in "
                        + ModelMetadata.FILE_NAME + " give " + features.width() + " numbers, the model takes " + inputs);
            }
        } else if (features.width() != inputs) {
            throw new ConfigException(FraudScoreConfig.FEATURES_CONFIG, String.join(", ", features.names()),
                    "the features give " + features.width() + " numbers, the model in " + version.location()
                            + " takes " + inputs);
        }
        if (metadata.mean().length != inputs) {
            throw new ConfigException(settings.pathSetting(), version.location(),
                    ModelMetadata.FILE_NAME + " normalizes " + metadata.mean().length + " numbers, the model takes " + inputs);
        }
        return new RecordScorer(features, Normalizer.of(metadata), loaded.engine(), settings.zeroMissing());
    }

    /** The number of the version directory, 0 when the model location is a SavedModel itself. */
    long number() {
        return number;
    }

    /** The version from fleetml-model.json, written into every record this model scores. */
    String version() {
        return loaded.metadata().version();
    }

    RecordScorer scorer() {
        return scorer;
    }

    double threshold() {
        return threshold;
    }

    LoadedModel loaded() {
        return loaded;
    }

    @Override
    public void close() {
        loaded.close();
    }
}
