package io.fleetml.connect.fraud;

import io.fleetml.connect.fraud.features.Features;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.tensorflow.Signature;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Settings of {@link FraudScore}: which model, which features, what to do with records that lack one, where the score goes. */
public final class FraudScoreConfig extends AbstractConfig {
    public static final String MODEL_PATH_CONFIG = "model.path";
    public static final String MODEL_SIGNATURE_CONFIG = "model.signature";
    public static final String ENGINE_CONFIG = "engine";
    public static final String FEATURES_CONFIG = "features";
    public static final String ON_MISSING_FEATURE_CONFIG = "on.missing.feature";
    public static final String THRESHOLD_CONFIG = "threshold";
    public static final String SCORE_FIELD_CONFIG = "score.field";
    public static final String FLAG_FIELD_CONFIG = "flag.field";
    public static final String MODEL_VERSION_FIELD_CONFIG = "model.version.field";

    /** How the model is evaluated. */
    public enum Engine {
        /** Java when the graph is a dense chain, TensorFlow otherwise (with a warning saying why). */
        AUTO,
        /** Java only: a graph that is not a dense chain fails at configuration. */
        JAVA,
        /** TensorFlow for every record. */
        TENSORFLOW
    }

    /** What happens to a record that cannot give every feature a finite number. */
    public enum OnMissingFeature {
        FAIL, SKIP, ZERO
    }

    private static final String GROUP_MODEL = "Model";
    private static final String GROUP_FEATURES = "Features";
    private static final String GROUP_OUTPUT = "Output";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(MODEL_PATH_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Local directory of the TensorFlow SavedModel (saved_model.pb and variables/), with the trainer's "
                            + "fleetml-model.json beside saved_model.pb. Loaded once, when the transform is configured.",
                    GROUP_MODEL, 1, Width.LONG, "SavedModel directory")
            .define(MODEL_SIGNATURE_CONFIG, Type.STRING, Signature.DEFAULT_KEY, new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Signature of the SavedModel to score with. Its one input takes the normalized features, shape "
                            + "[-1, n]; its one output is the reconstruction. Tensor names are taken from the signature.",
                    GROUP_MODEL, 2, Width.MEDIUM, "Signature")
            .define(ENGINE_CONFIG, Type.STRING, "auto", new EnumValidator(Engine.values()), Importance.MEDIUM,
                    "auto: when the serving graph is a chain of dense layers (MatMul, BiasAdd, then Relu, Tanh, Sigmoid, "
                            + "Elu, Selu, LeakyRelu with alpha 0.2, or none), its weights are read once and it is evaluated in "
                            + "plain Java, with the same scores to 1e-5 and no TensorFlow call per record; any other graph runs "
                            + "in TensorFlow per record, with a warning that says why. java: fail at configuration unless the "
                            + "graph is such a chain. tensorflow: always run TensorFlow (about 70 µs per record).",
                    GROUP_MODEL, 3, Width.SHORT, "Engine")
            .define(FEATURES_CONFIG, Type.STRING, "", new FeaturesValidator(), Importance.HIGH,
                    "Feature expressions separated by commas, in the model's input order: field paths (KIP-821 V2 "
                            + "syntax), log1p(path), hour_sin(path), hour_cos(path), distance_km(lat1,lon1,lat2,lon2), "
                            + "onehot(path:a|b|c). Empty: the features recorded in fleetml-model.json. Set it when this "
                            + "topic names the fields differently; the total width must match the model's input.",
                    GROUP_FEATURES, 1, Width.LONG, "Features")
            .define(ON_MISSING_FEATURE_CONFIG, Type.STRING, "fail", new EnumValidator(OnMissingFeature.values()),
                    Importance.MEDIUM,
                    "A record whose feature field is missing, null, not a number, NaN or infinite: fail stops the task with "
                            + "an error naming the field and the record's topic, partition and offset; skip passes the record "
                            + "on unscored (Struct records get the output fields as null) with a header fraud_score_skipped "
                            + "saying why, without the value; zero scores it with that feature at its training mean "
                            + "(normalized value 0), so the gap alone does not raise the score.",
                    GROUP_FEATURES, 2, Width.SHORT, "On missing feature")
            .define(THRESHOLD_CONFIG, Type.DOUBLE, null, new ThresholdValidator(), Importance.HIGH,
                    "A record is flagged when its score is above this. Empty: the threshold in fleetml-model.json.",
                    GROUP_OUTPUT, 1, Width.SHORT, "Threshold")
            .define(SCORE_FIELD_CONFIG, Type.STRING, "fraud_score", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Top-level field added to the value for the score: the mean squared reconstruction error of the "
                            + "normalized features (float64).",
                    GROUP_OUTPUT, 2, Width.MEDIUM, "Score field")
            .define(FLAG_FIELD_CONFIG, Type.STRING, "fraud_flag", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Top-level field added to the value: whether the score is above the threshold (boolean).",
                    GROUP_OUTPUT, 3, Width.MEDIUM, "Flag field")
            .define(MODEL_VERSION_FIELD_CONFIG, Type.STRING, "fraud_model_version", new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Top-level field added to the value: the version of the model that scored the record, from "
                            + "fleetml-model.json (string).",
                    GROUP_OUTPUT, 4, Width.MEDIUM, "Model version field");

    public FraudScoreConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        Set<String> fields = new HashSet<>();
        for (String key : List.of(SCORE_FIELD_CONFIG, FLAG_FIELD_CONFIG, MODEL_VERSION_FIELD_CONFIG)) {
            if (!fields.add(getString(key))) {
                throw new ConfigException(key, getString(key), "another output field already has this name");
            }
        }
    }

    public Path modelPath() {
        return Path.of(getString(MODEL_PATH_CONFIG));
    }

    public String signature() {
        return getString(MODEL_SIGNATURE_CONFIG);
    }

    public Engine engine() {
        return Engine.valueOf(getString(ENGINE_CONFIG).toUpperCase(Locale.ROOT));
    }

    /** The configured features, or null to use those recorded with the model. */
    public Features features() {
        String text = getString(FEATURES_CONFIG);
        return text.isBlank() ? null : Features.parse(text, FEATURES_CONFIG);
    }

    public OnMissingFeature onMissingFeature() {
        return OnMissingFeature.valueOf(getString(ON_MISSING_FEATURE_CONFIG).toUpperCase(Locale.ROOT));
    }

    /** The configured threshold, or null to use the model's. */
    public Double threshold() {
        return getDouble(THRESHOLD_CONFIG);
    }

    public String scoreField() {
        return getString(SCORE_FIELD_CONFIG);
    }

    public String flagField() {
        return getString(FLAG_FIELD_CONFIG);
    }

    public String modelVersionField() {
        return getString(MODEL_VERSION_FIELD_CONFIG);
    }

    /** One of an enum's names, in any case. */
    private static final class EnumValidator implements ConfigDef.Validator {
        private final List<String> names;

        EnumValidator(Enum<?>[] values) {
            this.names = Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !names.contains(value.toString().toLowerCase(Locale.ROOT))) {
                throw new ConfigException(name, value, "must be one of " + String.join(", ", names));
            }
        }

        @Override
        public String toString() {
            return String.join(", ", names);
        }
    }

    /** Parses the expressions, so a mistake shows in Connect's validate endpoint next to the setting. */
    private static final class FeaturesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                Features.parse(value.toString(), name);
            }
        }

        @Override
        public String toString() {
            return "feature expressions separated by commas, or empty for the model's";
        }
    }

    private static final class ThresholdValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof Double threshold && (!Double.isFinite(threshold) || threshold < 0)) {
                throw new ConfigException(name, value, "must be a finite number, not negative");
            }
        }

        @Override
        public String toString() {
            return "empty, or a finite number >= 0";
        }
    }
}
