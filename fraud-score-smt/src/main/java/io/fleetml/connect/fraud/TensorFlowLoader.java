package io.fleetml.connect.fraud;

import io.fleetml.connect.fraud.engine.ScoringEngine;
import io.fleetml.connect.fraud.engine.TensorFlowEngine;
import org.apache.kafka.common.config.ConfigException;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;

import java.nio.file.Path;

import static io.fleetml.connect.fraud.FraudScoreConfig.MODEL_SIGNATURE_CONFIG;

/**
 * Loads a SavedModel into TensorFlow for the {@link TensorFlowEngine}. The one class of the loading path that names
 * TensorFlow's classes: {@link ModelLoader} reaches it only when the model needs TensorFlow, so with the Java engine
 * no TensorFlow class, and no native library, is ever loaded.
 */
final class TensorFlowLoader {
    /**
     * One record per call leaves nothing to parallelize inside TensorFlow; its default pools of one thread per core
     * would only compete with the worker's other tasks.
     */
    private static final ConfigProto SINGLE_THREADED = ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();

    private TensorFlowLoader() {
    }

    /**
     * The TensorFlow engine for {@code signatureKey} of the SavedModel in {@code dir}; problems are reported against
     * {@code setting} and name {@code location}. TensorFlow's native library failing to load (a
     * {@link LinkageError}, as on a machine it has no build for) is a {@link ConfigException} too.
     */
    static ScoringEngine engine(String setting, Path dir, String location, String signatureKey) {
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(SINGLE_THREADED).load();
        } catch (TensorFlowException e) {
            throw new ConfigException(setting, location, "cannot be loaded as a SavedModel with tag '"
                    + SavedModelBundle.DEFAULT_TAG + "': " + e.getMessage());
        } catch (LinkageError e) {
            throw new ConfigException(setting, location, "needs TensorFlow, whose native library cannot be loaded "
                    + "on this machine (" + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + "): " + e + ". Only a chain of dense layers runs without it (engine=java or auto)");
        }
        try {
            return new TensorFlowEngine(bundle, signature(bundle, signatureKey));
        } catch (IllegalArgumentException e) {
            bundle.close();
            throw new ConfigException(MODEL_SIGNATURE_CONFIG, signatureKey, e.getMessage());
        } catch (RuntimeException | Error e) {
            bundle.close();
            throw e;
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
}
