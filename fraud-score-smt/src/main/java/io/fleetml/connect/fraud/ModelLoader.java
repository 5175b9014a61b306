package io.fleetml.connect.fraud;

import io.fleetml.connect.fraud.engine.DenseChainReader;
import io.fleetml.connect.fraud.engine.JavaEngine;
import io.fleetml.connect.fraud.engine.ScoringEngine;
import io.fleetml.connect.fraud.engine.TensorFlowEngine;
import io.fleetml.connect.fraud.engine.UnsupportedGraphException;
import io.fleetml.connect.fraud.model.DenseNetwork;
import io.fleetml.model.graph.GraphCheck;
import io.fleetml.model.graph.UnsafeGraphException;
import io.fleetml.model.metadata.ModelMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.fleetml.connect.fraud.FraudScoreConfig.ENGINE_CONFIG;
import static io.fleetml.connect.fraud.FraudScoreConfig.MODEL_SIGNATURE_CONFIG;
import static io.fleetml.model.repository.ModelRepository.SAVED_MODEL_FILE;

/**
 * Loads a SavedModel directory and its {@code fleetml-model.json}, once {@link GraphCheck} has found nothing in its graph
 * but inference and variable restore, and picks the engine that scores with it. Every problem is a
 * {@link ConfigException} naming the setting to fix, so it surfaces when the connector starts, not on the first record.
 */
final class ModelLoader {
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);
    /**
     * One record per call leaves nothing to parallelize inside TensorFlow; its default pools of one thread per core
     * would only compete with the worker's other tasks.
     */
    private static final ConfigProto SINGLE_THREADED = ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();

    private ModelLoader() {
    }

    /**
     * Loads the SavedModel in {@code dir}; problems are reported against {@code setting} and name {@code location}, where
     * the files are from (the directory itself, or the gs:// location they were downloaded from).
     */
    static LoadedModel load(String setting, Path dir, String location, String signatureKey, FraudScoreConfig.Engine choice) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(setting, location, Files.exists(dir)
                    ? "is not a directory; give the SavedModel's directory" : "does not exist");
        }
        if (!Files.isRegularFile(dir.resolve(SAVED_MODEL_FILE))) {
            throw new ConfigException(setting, location, "is not a SavedModel: it has no " + SAVED_MODEL_FILE);
        }
        ModelMetadata metadata = metadata(setting, dir, location);
        checkGraph(setting, dir, location);
        SavedModelBundle bundle = bundle(setting, dir, location);
        try {
            ScoringEngine engine = engine(bundle, signature(bundle, signatureKey), choice, setting, location);
            return new LoadedModel(metadata, engine);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private static ModelMetadata metadata(String setting, Path dir, String location) {
        Path file = dir.resolve(ModelMetadata.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(setting, location, "has no " + ModelMetadata.FILE_NAME
                    + " beside " + SAVED_MODEL_FILE + "; the trainer writes the features, normalization and threshold there");
        }
        try {
            return ModelMetadata.read(file);
        } catch (IOException e) {
            throw new ConfigException(setting, location, e.getMessage());
        }
    }

    /** TensorFlow runs a model's restore and init ops while loading it, so the graph is checked before. */
    private static void checkGraph(String setting, Path dir, String location) {
        try {
            GraphCheck.check(dir);
        } catch (UnsafeGraphException e) {
            throw new ConfigException(setting, location, "is refused before loading: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(setting, location, e.getMessage());
        }
    }

    private static SavedModelBundle bundle(String setting, Path dir, String location) {
        try {
            return SavedModelBundle.loader(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(SINGLE_THREADED).load();
        } catch (TensorFlowException e) {
            throw new ConfigException(setting, location, "cannot be loaded as a SavedModel with tag '"
                    + SavedModelBundle.DEFAULT_TAG + "': " + e.getMessage());
        }
    }

    private static Signature signature(SavedModelBundle bundle, String key) {
        for (SessionFunction function : bundle.functions()) {
            if (function.signature().key().equals(key)) {
                return function.signature();
            }
        }
        throw new ConfigException(MODEL_SIGNATURE_CONFIG, key, "the SavedModel has no such signature; it has "
                + bundle.signatures().stream().map(Signature::key).toList());
    }

    /** Takes ownership of {@code bundle}: the Java engine closes it as soon as the weights are copied out. */
    private static ScoringEngine engine(SavedModelBundle bundle, Signature signature, FraudScoreConfig.Engine choice,
                                        String setting, String location) {
        if (choice != FraudScoreConfig.Engine.TENSORFLOW) {
            try {
                DenseNetwork network = DenseChainReader.read(bundle.session(), signature);
                ScoringEngine engine = new JavaEngine(network);
                bundle.close();
                return engine;
            } catch (TensorFlowException e) {
                throw new ConfigException(setting, location, "the weights of the model cannot be read: "
                        + e.getMessage());
            } catch (UnsupportedGraphException | IllegalArgumentException e) {
                if (choice == FraudScoreConfig.Engine.JAVA) {
                    throw new ConfigException(ENGINE_CONFIG, "java", "the serving graph of " + location
                            + " is not a chain of dense layers the Java engine evaluates: " + e.getMessage());
                }
                log.warn("FraudScore: the model in {} runs in TensorFlow, one Session.run per record (tens of µs each), "
                        + "because its serving graph is not a chain of dense layers the Java engine evaluates: {}",
                        location, e.getMessage());
            }
        }
        try {
            return new TensorFlowEngine(bundle, signature);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MODEL_SIGNATURE_CONFIG, signature.key(), e.getMessage());
        }
    }
}
