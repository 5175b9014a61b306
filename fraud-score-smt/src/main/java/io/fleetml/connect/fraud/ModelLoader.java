package io.fleetml.connect.fraud;

import io.fleetml.connect.fraud.engine.DenseChainReader;
import io.fleetml.connect.fraud.engine.JavaEngine;
import io.fleetml.connect.fraud.engine.UnsupportedGraphException;
import io.fleetml.model.graph.GraphCheck;
import io.fleetml.model.graph.SavedModelGraphs;
import io.fleetml.model.graph.SavedModelGraphs.MetaGraph;
import io.fleetml.model.graph.UnsafeGraphException;
import io.fleetml.model.metadata.ModelMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    /** The tag of the MetaGraph TensorFlow Serving and TensorFlow Java's {@code SavedModelBundle} load by default. */
    private static final String SERVE_TAG = "serve";

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
        MetaGraph graph = servingGraph(setting, dir, location, signatureKey);
        if (choice != FraudScoreConfig.Engine.TENSORFLOW) {
            try {
                return new LoadedModel(metadata, new JavaEngine(DenseChainReader.read(dir, graph, signatureKey)));
            } catch (IOException e) {
                throw new ConfigException(setting, location, "the weights of the model cannot be read: "
                        + e.getMessage());
            } catch (UnsupportedGraphException | IllegalArgumentException e) {
                if (choice == FraudScoreConfig.Engine.JAVA) {
                    throw new ConfigException(ENGINE_CONFIG, "java", "the serving graph of " + location
                            + " is not a chain of dense layers the Java engine evaluates: " + e.getMessage());
                }
                log.warn("FraudScore: the model in {} runs in TensorFlow, one Session.run per record (tens of µs "
                        + "each), because its serving graph is not a chain of dense layers the Java engine evaluates: "
                        + "{}", location, e.getMessage());
            }
        }
        return new LoadedModel(metadata, TensorFlowLoader.engine(setting, dir, location, signatureKey));
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

    /** The MetaGraph TensorFlow serves (tag {@code serve}), which must have the configured signature. */
    private static MetaGraph servingGraph(String setting, Path dir, String location, String signatureKey) {
        List<MetaGraph> graphs;
        try {
            graphs = SavedModelGraphs.parse(Files.readAllBytes(dir.resolve(SAVED_MODEL_FILE)));
        } catch (IOException e) {
            throw new ConfigException(setting, location, SAVED_MODEL_FILE + " cannot be read: " + e.getMessage());
        }
        MetaGraph serving = graphs.stream().filter(graph -> graph.tags().contains(SERVE_TAG)).findFirst()
                .orElseThrow(() -> new ConfigException(setting, location, "has no MetaGraph tagged '" + SERVE_TAG
                        + "'"));
        if (!serving.signatures().containsKey(signatureKey)) {
            throw new ConfigException(MODEL_SIGNATURE_CONFIG, signatureKey, "the SavedModel has no such signature; "
                    + "it has " + serving.signatures().keySet().stream().filter(key -> !key.startsWith("__")).toList());
        }
        return serving;
    }
}
