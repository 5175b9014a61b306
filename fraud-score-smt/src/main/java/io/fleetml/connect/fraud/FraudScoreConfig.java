package io.fleetml.connect.fraud;

import io.fleetml.connect.common.config.CrossSettingRule;
import io.fleetml.connect.common.config.EnumSetting;
import io.fleetml.connect.common.config.InvalidSetting;
import io.fleetml.connect.common.gcp.GcsLocation;
import io.fleetml.connect.common.gcp.GcsSettings;
import io.fleetml.connect.common.policy.WorkerPolicy;
import io.fleetml.model.features.Features;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of {@link FraudScore}: which model and where from, which features, what to do with records that lack one,
 * where the score goes.
 */
public final class FraudScoreConfig extends AbstractConfig {
    public static final String MODEL_PATH_CONFIG = "model.path";
    public static final String MODEL_SIGNATURE_CONFIG = "model.signature";
    public static final String ENGINE_CONFIG = "engine";
    /** The signature TensorFlow exports serve by default. */
    public static final String DEFAULT_SIGNATURE = "serving_default";
    public static final String FEATURES_CONFIG = "features";
    public static final String ON_MISSING_FEATURE_CONFIG = "on.missing.feature";
    public static final String ON_MISSING_MODEL_CONFIG = "on.missing.model";
    public static final String ON_INVALID_RECORD_CONFIG = "on.invalid.record";
    public static final String THRESHOLD_CONFIG = "threshold";
    public static final String SCORE_FIELD_CONFIG = "score.field";
    public static final String FLAG_FIELD_CONFIG = "flag.field";
    public static final String MODEL_VERSION_FIELD_CONFIG = "model.version.field";
    public static final String OUTPUT_MODE_CONFIG = "output.mode";
    public static final String SCORE_HEADER_CONFIG = "score.header";
    public static final String FLAG_HEADER_CONFIG = "flag.header";
    public static final String MODEL_VERSION_HEADER_CONFIG = "model.version.header";
    public static final String MODEL_REFRESH_INTERVAL_MS_CONFIG = "model.refresh.interval.ms";
    public static final String CHALLENGER_MODEL_PATH_CONFIG = "challenger.model.path";
    public static final String CHALLENGER_SCORE_FIELD_CONFIG = "challenger.score.field";
    public static final String CHALLENGER_FLAG_FIELD_CONFIG = "challenger.flag.field";
    public static final String CHALLENGER_SCORE_HEADER_CONFIG = "challenger.score.header";
    public static final String CHALLENGER_FLAG_HEADER_CONFIG = "challenger.flag.header";
    public static final String MODEL_CACHE_DIR_CONFIG = "model.cache.dir";

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

    /** What happens to a record that cannot be scored at all: not an object, or already holding an output field. */
    public enum OnInvalidRecord {
        FAIL, PASS
    }

    /** What happens while a root of numbered versions has no complete version yet. */
    public enum OnMissingModel {
        FAIL, PASS
    }

    /** Where the score goes. */
    public enum OutputMode {
        /** Fields added to the value (its schema extended, for Struct values). */
        FIELDS,
        /** Headers added to the record; the value and its schema stay as they are. */
        HEADERS,
        /** Both. */
        BOTH;

        public boolean fields() {
            return this != HEADERS;
        }

        public boolean headers() {
            return this != FIELDS;
        }
    }

    private static final String GROUP_MODEL = "Model";
    private static final String GROUP_FEATURES = "Features";
    private static final String GROUP_OUTPUT = "Output";
    private static final String GROUP_CHALLENGER = "Challenger";
    private static final String GROUP_GCS = "GCS";
    private static final EnumSetting<Engine> ENGINES = EnumSetting.of(Engine.class);
    private static final EnumSetting<OnMissingModel> ON_MISSING_MODELS = EnumSetting.of(OnMissingModel.class);
    private static final EnumSetting<OnMissingFeature> ON_MISSING_FEATURES = EnumSetting.of(OnMissingFeature.class);
    private static final EnumSetting<OnInvalidRecord> ON_INVALID_RECORDS = EnumSetting.of(OnInvalidRecord.class);
    private static final EnumSetting<OutputMode> OUTPUT_MODES = EnumSetting.of(OutputMode.class);
    private static final ConfigDef.Validator MODEL_LOCATION = ConfigDef.LambdaValidator.with(
            (name, value) -> checkLocation(name, value, true),
            () -> "gs://bucket/prefix/, or a local directory in one that " + WorkerPolicy.PATHS_ENV + " allows");
    /** Parses the expressions, so a mistake shows in Connect's validate endpoint next to the setting. */
    private static final ConfigDef.Validator FEATURE_EXPRESSIONS = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value != null && !value.toString().isBlank()) {
            Features.parse(value.toString(), name);
        }
    }, () -> "feature expressions separated by commas, or empty for the model's");
    private static final ConfigDef.Validator THRESHOLD = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value instanceof Double threshold && (!Double.isFinite(threshold) || threshold < 0)) {
            throw new ConfigException(name, value, "must be a finite number, not negative");
        }
    }, () -> "empty, or a finite number >= 0");

    private static final List<CrossSettingRule<FraudScoreConfig>> RULES = List.of(
            CrossSettingRule.of(ON_MISSING_MODEL_CONFIG,
                    config -> config.onMissingModel() == OnMissingModel.PASS && config.modelRefreshIntervalMs() == 0,
                    "records would pass unscored for ever: set " + MODEL_REFRESH_INTERVAL_MS_CONFIG + " above 0 so the "
                            + "first version is picked up"));

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef()
            .define(MODEL_PATH_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, MODEL_LOCATION,
                    Importance.HIGH,
                    "Local directory of the TensorFlow SavedModel (saved_model.pb and variables/), with the trainer's "
                            + "fleetml-model.json beside saved_model.pb; loaded once, when the transform is configured. Or a "
                            + "directory of numbered versions laid out as for TensorFlow Serving (1/, 2/, ..., each such a "
                            + "SavedModel): the highest number scores, and newer ones are picked up every "
                            + MODEL_REFRESH_INTERVAL_MS_CONFIG + ". Or gs://bucket/prefix/ for either layout in Cloud "
                            + "Storage (settings in the GCS group), downloaded into " + MODEL_CACHE_DIR_CONFIG + " and "
                            + "loaded from there; a numbered version there counts only once its fleetml-model.json exists, "
                            + "which the trainer uploads last. A local directory must lie in one the worker's "
                            + WorkerPolicy.PATHS_ENV + " allows, where it is set.",
                    GROUP_MODEL, 1, Width.LONG, "SavedModel location")
            .define(MODEL_SIGNATURE_CONFIG, Type.STRING, DEFAULT_SIGNATURE, new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Signature of the SavedModel to score with. Its one input takes the normalized features, shape "
                            + "[-1, n]; its one output is the reconstruction. Tensor names are taken from the signature.",
                    GROUP_MODEL, 2, Width.MEDIUM, "Signature")
            .define(ENGINE_CONFIG, Type.STRING, "auto", ENGINES.validator(), Importance.MEDIUM,
                    "auto: when the serving graph is a chain of dense layers (MatMul or Mul by a constant, optionally "
                            + "BiasAdd/Add, then Relu, Tanh, Sigmoid, Elu, Selu, LeakyRelu, Softmax, or none), TF1 or "
                            + "TF2/Keras (calls into the function library are followed), its graph and weights are read "
                            + "from the files without TensorFlow and it is evaluated in plain Java, with the same scores to "
                            + "1e-5 and no TensorFlow call per record; any other graph runs in TensorFlow per record, with "
                            + "a warning that says why. java: never load TensorFlow (no native library, so also on "
                            + "machines TensorFlow has no build for); fail at configuration unless the graph is such a "
                            + "chain. tensorflow: always run TensorFlow (about 70 µs per record).",
                    GROUP_MODEL, 3, Width.SHORT, "Engine", ENGINES.recommender())
            .define(MODEL_REFRESH_INTERVAL_MS_CONFIG, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "How often a model path of numbered versions is checked for a higher number. A newer version is "
                            + "loaded in the background and replaces the current one between two records; one that fails to "
                            + "load is logged as an error once and the current one keeps scoring. 0: never check. A path that "
                            + "is a SavedModel itself is never checked.",
                    GROUP_MODEL, 4, Width.SHORT, "Model refresh interval (ms)")
            .define(ON_MISSING_MODEL_CONFIG, Type.STRING, "fail", ON_MISSING_MODELS.validator(),
                    Importance.MEDIUM,
                    "A model path that is a root for numbered versions (an existing local directory, or a gs:// prefix in "
                            + "an existing bucket) but has no complete version yet, or whose latest version no engine can "
                            + "load on this worker: fail stops the task at start; pass runs "
                            + "the pipeline before the first model is trained, so it can collect the training data: records "
                            + "pass on unscored with a header " + FraudScore.SKIPPED_HEADER + " saying so (Struct records "
                            + "get the output fields as null) until the refresh finds version 1, which then scores from the next record. "
                            + "Needs " + MODEL_REFRESH_INTERVAL_MS_CONFIG + " above 0.",
                    GROUP_MODEL, 5, Width.SHORT, "On missing model", ON_MISSING_MODELS.recommender())
            .define(FEATURES_CONFIG, Type.STRING, "", FEATURE_EXPRESSIONS, Importance.HIGH,
                    "Feature expressions separated by commas, in the model's input order: field paths (KIP-821 V2 "
                            + "syntax), log1p(path), hour_sin(path), hour_cos(path), distance_km(lat1,lon1,lat2,lon2), "
                            + "onehot(path:a|b|c). Empty: the features recorded in fleetml-model.json. Set it when this "
                            + "topic names the fields differently; the total width must match the model's input.",
                    GROUP_FEATURES, 1, Width.LONG, "Features")
            .define(ON_MISSING_FEATURE_CONFIG, Type.STRING, "skip", ON_MISSING_FEATURES.validator(),
                    Importance.MEDIUM,
                    "A record whose feature field is missing, null, not a number, NaN or infinite: fail stops the task with "
                            + "an error naming the field and the record's topic, partition and offset (a source task then "
                            + "meets the same message again after every restart); skip passes the record "
                            + "on unscored (Struct records get the output fields as null) with a header "
                            + FraudScore.SKIPPED_HEADER + " saying why, without the value; zero scores it with that feature at its training mean "
                            + "(normalized value 0), so the gap alone does not raise the score.",
                    GROUP_FEATURES, 2, Width.SHORT, "On missing feature", ON_MISSING_FEATURES.recommender())
            .define(ON_INVALID_RECORD_CONFIG, Type.STRING, "pass", ON_INVALID_RECORDS.validator(), Importance.MEDIUM,
                    "A record that cannot be scored at all: a value that is not a JSON object or Struct (42, [1], \"x\"), "
                            + "or one that already has a field the score would be written to. pass lets it through unchanged "
                            + "with a header " + FraudScore.SKIPPED_HEADER + " saying why, counted in records-invalid; fail "
                            + "stops the task with an error naming the record's topic, partition and offset, and a source "
                            + "task then meets the same message again after every restart.",
                    GROUP_FEATURES, 3, Width.SHORT, "On invalid record", ON_INVALID_RECORDS.recommender())
            .define(THRESHOLD_CONFIG, Type.DOUBLE, null, THRESHOLD, Importance.HIGH,
                    "A record is flagged when its score is above this. Empty: the threshold in fleetml-model.json.",
                    GROUP_OUTPUT, 1, Width.SHORT, "Threshold")
            .define(OUTPUT_MODE_CONFIG, Type.STRING, "fields", OUTPUT_MODES.validator(), Importance.MEDIUM,
                    "fields: the score, flag and model version are added to the value as fields (a Struct's schema is "
                            + "extended once per input schema). headers: they are added as record headers and the value "
                            + "and its schema stay as they are, for sinks that must keep the schema; a header of the same "
                            + "name the record already has is replaced, so a record scored twice carries one score. both: "
                            + "fields and headers.",
                    GROUP_OUTPUT, 2, Width.SHORT, "Output mode", OUTPUT_MODES.recommender())
            .define(SCORE_FIELD_CONFIG, Type.STRING, "fraud_score", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Top-level field added to the value for the score: the mean squared reconstruction error of the "
                            + "normalized features (float64); with " + OUTPUT_MODE_CONFIG + " fields or both.",
                    GROUP_OUTPUT, 3, Width.MEDIUM, "Score field")
            .define(FLAG_FIELD_CONFIG, Type.STRING, "fraud_flag", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Top-level field added to the value: whether the score is above the threshold (boolean); with "
                            + OUTPUT_MODE_CONFIG + " fields or both.",
                    GROUP_OUTPUT, 4, Width.MEDIUM, "Flag field")
            .define(MODEL_VERSION_FIELD_CONFIG, Type.STRING, "fraud_model_version", new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Top-level field added to the value: the version of the model that scored the record, from "
                            + "fleetml-model.json (string); with " + OUTPUT_MODE_CONFIG + " fields or both.",
                    GROUP_OUTPUT, 5, Width.MEDIUM, "Model version field")
            .define(SCORE_HEADER_CONFIG, Type.STRING, "fraud_score", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Header added for the score (float64) with " + OUTPUT_MODE_CONFIG + " headers or both.",
                    GROUP_OUTPUT, 6, Width.MEDIUM, "Score header")
            .define(FLAG_HEADER_CONFIG, Type.STRING, "fraud_flag", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Header added for whether the score is above the threshold (boolean) with " + OUTPUT_MODE_CONFIG
                            + " headers or both.",
                    GROUP_OUTPUT, 7, Width.MEDIUM, "Flag header")
            .define(MODEL_VERSION_HEADER_CONFIG, Type.STRING, "fraud_model_version", new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Header added for the version of the model that scored the record (string) with "
                            + OUTPUT_MODE_CONFIG + " headers or both.",
                    GROUP_OUTPUT, 8, Width.MEDIUM, "Model version header")
            .define(CHALLENGER_MODEL_PATH_CONFIG, Type.STRING, null, MODEL_LOCATION, Importance.LOW,
                    "A second model, local or gs:// and laid out like " + MODEL_PATH_CONFIG + " and refreshed the same "
                            + "way, that scores every record too, for A/B comparison on live traffic: its score and flag are "
                            + "added beside the champion's. It takes its features, normalization and threshold from its own "
                            + "fleetml-model.json; a record it cannot take a feature from gets its fields as null. Empty: no "
                            + "challenger.",
                    GROUP_CHALLENGER, 1, Width.LONG, "Challenger SavedModel directory")
            .define(CHALLENGER_SCORE_FIELD_CONFIG, Type.STRING, "fraud_score_challenger", new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Top-level field added to the value for the challenger's score (float64), when "
                            + CHALLENGER_MODEL_PATH_CONFIG + " is set and " + OUTPUT_MODE_CONFIG + " is fields or both.",
                    GROUP_CHALLENGER, 2, Width.MEDIUM, "Challenger score field")
            .define(CHALLENGER_FLAG_FIELD_CONFIG, Type.STRING, "fraud_flag_challenger", new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Top-level field added to the value: whether the challenger's score is above its threshold "
                            + "(boolean), when " + CHALLENGER_MODEL_PATH_CONFIG + " is set and " + OUTPUT_MODE_CONFIG
                            + " is fields or both.",
                    GROUP_CHALLENGER, 3, Width.MEDIUM, "Challenger flag field")
            .define(CHALLENGER_SCORE_HEADER_CONFIG, Type.STRING, "fraud_score_challenger", new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Header added for the challenger's score (float64; null when the challenger could not read a "
                            + "feature), when " + CHALLENGER_MODEL_PATH_CONFIG + " is set and " + OUTPUT_MODE_CONFIG
                            + " is headers or both.",
                    GROUP_CHALLENGER, 4, Width.MEDIUM, "Challenger score header")
            .define(CHALLENGER_FLAG_HEADER_CONFIG, Type.STRING, "fraud_flag_challenger", new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Header added for whether the challenger's score is above its threshold (boolean; null when it "
                            + "could not score), when " + CHALLENGER_MODEL_PATH_CONFIG + " is set and " + OUTPUT_MODE_CONFIG
                            + " is headers or both.",
                    GROUP_CHALLENGER, 5, Width.MEDIUM, "Challenger flag header");
        GcsSettings.defineConnection(def, GROUP_GCS, 1);
        GcsSettings.defineRetries(def, GROUP_GCS, 5, "a gs:// model's listing or download counts as failed: at "
                + "configuration that fails the transform, naming the model's setting; at a refresh the current model keeps "
                + "scoring and the next refresh tries again.", null);
        return def.define(MODEL_CACHE_DIR_CONFIG, Type.STRING, null,
                ConfigDef.LambdaValidator.with((name, value) -> checkLocation(name, value, false),
                        () -> "a local directory in one that " + WorkerPolicy.PATHS_ENV + " allows, or unset for "
                                + "java.io.tmpdir"), Importance.LOW,
                "Local directory that gs:// models are downloaded into. Each transform instance makes a new directory of "
                        + "its own below it, deleted when the transform is closed; a version's files are deleted as soon "
                        + "as it is loaded, since a loaded model does not read them again. Empty: java.io.tmpdir. Where "
                        + "the worker sets " + WorkerPolicy.PATHS_ENV + ", it must lie in a directory that lists.",
                GROUP_GCS, 7, Width.LONG, "Model download directory");
    }

    public FraudScoreConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props, false);
        CrossSettingRule.enforce(this, RULES, key -> values().get(key));
        GcsSettings.checkConnection(this);
        if (outputMode().fields()) {
            requireDistinct(outputFieldSettings(), Set.of(), "another output field");
        }
        if (outputMode().headers()) {
            requireDistinct(outputHeaderSettings(), Set.of(FraudScore.SKIPPED_HEADER), "another output header");
        }
    }

    private void requireDistinct(List<String> settings, Set<String> reserved, String other) {
        Set<String> names = new HashSet<>();
        for (String key : settings) {
            String name = getString(key);
            if (reserved.contains(name)) {
                throw new InvalidSetting(key, name, "the transform uses this header to say why a record was skipped");
            }
            if (!names.add(name)) {
                throw new InvalidSetting(key, name, other + " already has this name");
            }
        }
    }

    /** The settings naming the fields added to the value: the challenger's only when there is one. */
    List<String> outputFieldSettings() {
        return withChallenger(List.of(SCORE_FIELD_CONFIG, FLAG_FIELD_CONFIG, MODEL_VERSION_FIELD_CONFIG),
                List.of(CHALLENGER_SCORE_FIELD_CONFIG, CHALLENGER_FLAG_FIELD_CONFIG));
    }

    /** The settings naming the headers added to the record: the challenger's only when there is one. */
    List<String> outputHeaderSettings() {
        return withChallenger(List.of(SCORE_HEADER_CONFIG, FLAG_HEADER_CONFIG, MODEL_VERSION_HEADER_CONFIG),
                List.of(CHALLENGER_SCORE_HEADER_CONFIG, CHALLENGER_FLAG_HEADER_CONFIG));
    }

    private List<String> withChallenger(List<String> champion, List<String> challenger) {
        List<String> settings = new ArrayList<>(champion);
        if (challengerModelPath() != null) {
            settings.addAll(challenger);
        }
        return settings;
    }

    /** A local directory or a gs:// location. */
    public String modelPath() {
        return getString(MODEL_PATH_CONFIG);
    }

    public String signature() {
        return getString(MODEL_SIGNATURE_CONFIG);
    }

    public Engine engine() {
        return ENGINES.parse(getString(ENGINE_CONFIG));
    }

    /** The configured features, or null to use those recorded with the model. */
    public Features features() {
        String text = getString(FEATURES_CONFIG);
        return text.isBlank() ? null : Features.parse(text, FEATURES_CONFIG);
    }

    public OnMissingModel onMissingModel() {
        return ON_MISSING_MODELS.parse(getString(ON_MISSING_MODEL_CONFIG));
    }

    public OnInvalidRecord onInvalidRecord() {
        return ON_INVALID_RECORDS.parse(getString(ON_INVALID_RECORD_CONFIG));
    }

    public OnMissingFeature onMissingFeature() {
        return ON_MISSING_FEATURES.parse(getString(ON_MISSING_FEATURE_CONFIG));
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

    /** How often to look for a newer model version, in ms; 0 never. */
    public long modelRefreshIntervalMs() {
        return getLong(MODEL_REFRESH_INTERVAL_MS_CONFIG);
    }

    /** The challenger model's local directory or gs:// location, or null when there is none. */
    public String challengerModelPath() {
        return getString(CHALLENGER_MODEL_PATH_CONFIG);
    }

    public String challengerScoreField() {
        return getString(CHALLENGER_SCORE_FIELD_CONFIG);
    }

    public String challengerFlagField() {
        return getString(CHALLENGER_FLAG_FIELD_CONFIG);
    }

    public OutputMode outputMode() {
        return OUTPUT_MODES.parse(getString(OUTPUT_MODE_CONFIG));
    }

    public String scoreHeader() {
        return getString(SCORE_HEADER_CONFIG);
    }

    public String flagHeader() {
        return getString(FLAG_HEADER_CONFIG);
    }

    public String modelVersionHeader() {
        return getString(MODEL_VERSION_HEADER_CONFIG);
    }

    public String challengerScoreHeader() {
        return getString(CHALLENGER_SCORE_HEADER_CONFIG);
    }

    public String challengerFlagHeader() {
        return getString(CHALLENGER_FLAG_HEADER_CONFIG);
    }

    /**
     * Where gs:// models are downloaded below, or null for java.io.tmpdir: where the setting leads, checked against the
     * worker policy again now, since the directory is written long after the config was validated.
     */
    public Path modelCacheDir() {
        String dir = getString(MODEL_CACHE_DIR_CONFIG);
        return dir == null ? null : WorkerPolicy.current().checkPath(MODEL_CACHE_DIR_CONFIG, dir);
    }

    /**
     * Unset, a local path in a directory the worker policy allows (a file: URI counts as one), or, where Cloud Storage
     * is allowed, a gs://bucket/prefix/ with a well-formed bucket name.
     */
    private static void checkLocation(String name, Object value, boolean gcs) {
        if (value == null) {
            return;
        }
        String location = value.toString();
        if (location.isEmpty()) {
            throw new ConfigException(name, value, "String must be non-empty");
        }
        if (gcs && GcsLocation.isGcs(location)) {
            GcsLocation.parse(location, name);
            return;
        }
        try {
            Path.of(location);
        } catch (InvalidPathException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
        WorkerPolicy.current().checkPath(name, location);
    }
}
