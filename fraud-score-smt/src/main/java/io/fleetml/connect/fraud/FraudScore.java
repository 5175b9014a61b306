package io.fleetml.connect.fraud;

import io.fleetml.connect.common.BundleVersion;
import io.fleetml.connect.common.RecordLocation;
import io.fleetml.connect.common.metrics.TransformationPluginMetrics;
import io.fleetml.model.features.MissingFeature;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.util.SchemaUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;


/**
 * Adds an autoencoder's anomaly score to each record in flight: features taken from the value, normalized with the
 * trainer's statistics, reconstructed by the model; the score, whether it is above the threshold, and the model's
 * version are added as fields, as headers, or both. Use {@link Value}.
 */
public abstract class FraudScore<R extends ConnectRecord<R>> implements Transformation<R>, Versioned, Monitorable {
    public static final String OVERVIEW_DOC = "Score each record value (<code>" + Value.class.getName() + "</code>) with a "
            + "TensorFlow autoencoder: the mean squared reconstruction error of the record's normalized features, a flag "
            + "when it is above the threshold, and the model version, added as fields of Struct and Map values, as record "
            + "headers, or both. Dense models are evaluated in plain Java with TensorFlow's results; others run in "
            + "TensorFlow. The model is a local directory or a gs:// location; one of numbered versions is watched and a "
            + "newer version replaces the current one between records; an optional challenger model scores every record "
            + "too, for A/B comparison.";

    public static final ConfigDef CONFIG_DEF = FraudScoreConfig.CONFIG_DEF;

    /** Header added to a record passed on unscored with {@code on.missing.feature=skip}: which field and why. */
    public static final String SKIPPED_HEADER = "fraud_score_skipped";

    private static final Logger log = LoggerFactory.getLogger(FraudScore.class);
    private static final String CHAMPION = "champion";
    private static final String CHALLENGER = "challenger";

    /** Read by the metrics reporter's thread for the model-version gauge. */
    private volatile ModelSlot champion;
    private ModelSlot challenger;
    private ModelSources sources;
    private ScheduledExecutorService refresher;
    /** Versions the refresh thread failed to load, kept here since the metrics may be registered after it starts. */
    private final LongAdder modelLoadFailures = new LongAdder();
    private FraudScoreMetrics metrics;
    private final TransformationPluginMetrics reporting = new TransformationPluginMetrics(getClass(), this::registerMetrics);
    private FraudScoreConfig.OnMissingFeature onMissing;
    private FraudScoreConfig.OnInvalidRecord onInvalid;
    private ScoreOutputs outputs;
    private List<String> outputFieldSettings;
    /** The fields this transform writes, fixed at configure: each record's value is checked not to have them. */
    private List<String> outputFields;
    private Cache<Schema, Schema> schemaCache;

    @Override
    public void configure(Map<String, ?> props) {
        FraudScoreConfig config = new FraudScoreConfig(props);
        boolean zeroMissing = config.onMissingFeature() == FraudScoreConfig.OnMissingFeature.ZERO;
        ScoringModel.Settings championSettings = new ScoringModel.Settings(FraudScoreConfig.MODEL_PATH_CONFIG,
                config.signature(), config.engine(), config.features(), config.threshold(), zeroMissing);
        // The challenger is its own model: its features and threshold are those of its fleetml-model.json.
        ScoringModel.Settings challengerSettings = new ScoringModel.Settings(
                FraudScoreConfig.CHALLENGER_MODEL_PATH_CONFIG, config.signature(), config.engine(), null, null, zeroMissing);
        ModelSources newSources = new ModelSources(config);
        ModelSlot newChampion = null;
        ModelSlot newChallenger = null;
        try {
            boolean awaitFirstVersion = config.onMissingModel() == FraudScoreConfig.OnMissingModel.PASS;
            newChampion = open(newSources, CHAMPION, championSettings, config.modelPath(), awaitFirstVersion);
            if (config.challengerModelPath() != null) {
                newChallenger = open(newSources, CHALLENGER, challengerSettings, config.challengerModelPath(),
                        awaitFirstVersion);
            }
        } catch (RuntimeException e) {
            if (newChampion != null) {
                newChampion.close();
            }
            newSources.close();
            throw e;
        }
        close();
        champion = newChampion;
        challenger = newChallenger;
        sources = newSources;
        onMissing = config.onMissingFeature();
        onInvalid = config.onInvalidRecord();
        outputs = ScoreOutputs.of(config, challenger != null);
        outputFields = outputs.fieldNames();
        outputFieldSettings = config.outputFieldSettings();
        schemaCache = new SynchronizedCache<>(new LRUCache<>(16));
        refresher = startRefresher(config.modelRefreshIntervalMs(), slots());
        log.info("FraudScore: model {} from {}{}{}", describe(champion.current()), config.modelPath(),
                challenger == null ? "" : "; challenger " + describe(challenger.current()) + " from "
                        + config.challengerModelPath(),
                refresher == null ? "" : "; checked for newer versions every " + config.modelRefreshIntervalMs() + " ms");
    }

    private ModelSlot open(ModelSources sources, String role, ScoringModel.Settings settings, String location,
                           boolean awaitFirstVersion) {
        ModelSource source = sources.open(settings.pathSetting(), location, role);
        return ModelSlot.open(role, settings.pathSetting(), source, (version, dir) -> ScoringModel.load(settings, version, dir),
                modelLoadFailures::increment, awaitFirstVersion);
    }

    private static String describe(ScoringModel model) {
        return model == null ? "(none yet)" : "'" + model.version() + "', threshold " + model.threshold() + ", engine "
                + model.loaded().engine().description();
    }

    /** A daemon thread that loads newer versions, or none when nothing can change or checking is off. */
    private static ScheduledExecutorService startRefresher(long intervalMs, List<ModelSlot> slots) {
        if (intervalMs == 0 || slots.stream().noneMatch(ModelSlot::versioned)) {
            return null;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "fraud-score-model-refresh");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> slots.forEach(ModelSlot::refresh), intervalMs, intervalMs,
                TimeUnit.MILLISECONDS);
        return executor;
    }

    private List<ModelSlot> slots() {
        return challenger == null ? List.of(champion) : List.of(champion, challenger);
    }

    /** Checks for newer model versions now, as the refresh thread does every interval. */
    void refreshNow() {
        slots().forEach(ModelSlot::refresh);
    }

    /** The champion model scoring now, for tests to reach its engine. */
    ScoringModel champion() {
        return champion.current();
    }

    /** A 4.1+ worker calls this after {@link #configure}; on an older one the metrics are registered with the first record. */
    @Override
    public void withPluginMetrics(PluginMetrics pluginMetrics) {
        reporting.register(pluginMetrics);
    }

    private void registerMetrics(PluginMetrics pluginMetrics) {
        metrics = new FraudScoreMetrics(pluginMetrics, () -> {
            ModelSlot slot = champion;
            ScoringModel model = slot == null ? null : slot.current();
            return model == null ? null : model.version();
        }, modelLoadFailures::sum);
    }

    @Override
    public R apply(R record) {
        reporting.beforeRecord();
        Object value = operatingValue(record);
        if (value == null) {
            return withoutOwnedHeaders(record);
        }
        // Newer versions are taken here, between records, so a record is scored by one model from start to end.
        ScoringModel model = champion.swapIn();
        ScoringModel challengerModel = challenger == null ? null : challenger.swapIn();
        Schema schema = operatingSchema(record);
        if (schema == null && value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) map;
            return applySchemaless(record, fields, model, challengerModel);
        }
        if (schema != null && value instanceof Struct struct) {
            return applyWithSchema(record, struct, model, challengerModel);
        }
        return invalid(record, "the value is " + (schema == null ? "a " + value.getClass().getSimpleName() : "of type "
                + schema.type()) + ", not a JSON object or Struct");
    }

    /** A tombstone passes as it came, less any header of this transform's names. */
    private R withoutOwnedHeaders(R record) {
        if (!outputs.carriesOwnedHeader(record.headers())) {
            return record;
        }
        Headers headers = record.headers().duplicate();
        outputs.removeOwnedHeaders(headers);
        return newRecord(record, operatingSchema(record), null, headers);
    }

    /** A record that cannot be scored at all passes unchanged with the reason, or fails the task, as configured. */
    private R invalid(R record, String reason) {
        if (onInvalid == FraudScoreConfig.OnInvalidRecord.FAIL) {
            throw new DataException("FraudScore cannot score the record from " + RecordLocation.of(record) + ": " + reason
                    + "; set " + FraudScoreConfig.ON_INVALID_RECORD_CONFIG + "=pass to pass such records on");
        }
        if (metrics != null) {
            metrics.invalid();
        }
        Headers headers = record.headers().duplicate();
        outputs.removeOwnedHeaders(headers);
        headers.addString(SKIPPED_HEADER, reason);
        return newRecord(record, operatingSchema(record), operatingValue(record), headers);
    }

    private R applySchemaless(R record, Map<String, Object> value, ScoringModel model, ScoringModel challengerModel) {
        String taken = outputs.toFields() ? takenOutputField(value.keySet()) : null;
        if (taken != null) {
            return invalid(record, takenReason(taken));
        }
        ScoreOutcome outcome = score(record, value, model, challengerModel);
        Headers headers = headers(record, outcome);
        if (outcome.skipped() != null || !outputs.toFields()) {
            return newRecord(record, null, value, headers);
        }
        return newRecord(record, null, outputs.appendFields(value, outcome), headers);
    }

    /** Struct values keep one schema whether scored or skipped, so a sink does not see the schema flip per record. */
    private R applyWithSchema(R record, Struct value, ScoringModel model, ScoringModel challengerModel) {
        if (!outputs.toFields()) {
            ScoreOutcome outcome = score(record, value, model, challengerModel);
            return newRecord(record, operatingSchema(record), value, headers(record, outcome));
        }
        Schema updatedSchema = schemaCache.get(value.schema());
        if (updatedSchema == null) {
            // Only schemas without the output fields are cached, so the check runs once per schema, not per record.
            String taken = takenOutputField(value.schema().fields().stream().map(Field::name).toList());
            if (taken != null) {
                return invalid(record, takenReason(taken));
            }
            updatedSchema = extend(value.schema());
            schemaCache.put(value.schema(), updatedSchema);
        }
        ScoreOutcome outcome = score(record, value, model, challengerModel);
        Struct updated = new Struct(updatedSchema);
        for (Field field : value.schema().fields()) {
            updated.put(field.name(), value.get(field));
        }
        if (outcome.skipped() == null) {
            outputs.writeFields(outcome, updated::put);
        }
        return newRecord(record, updatedSchema, updated, headers(record, outcome));
    }

    /**
     * The record's own headers when it carries none of this transform's names and gets none; else a copy without those
     * names and with why it was skipped, or with its scores when they go to headers.
     */
    private Headers headers(R record, ScoreOutcome outcome) {
        if (outcome.skipped() == null && !outputs.toHeaders() && !outputs.carriesOwnedHeader(record.headers())) {
            return record.headers();
        }
        Headers headers = record.headers().duplicate();
        outputs.removeOwnedHeaders(headers);
        if (outcome.skipped() != null) {
            headers.addString(SKIPPED_HEADER, outcome.skipped());
        } else if (outputs.toHeaders()) {
            outputs.writeHeaders(outcome, headers);
        }
        return headers;
    }

    private Schema extend(Schema schema) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        for (Field field : schema.fields()) {
            builder.field(field.name(), field.schema());
        }
        outputs.addFields(builder);
        return builder.build();
    }

    /** The first field the score would be written to that the value already has, or null. */
    private String takenOutputField(Collection<String> names) {
        for (String field : outputFields) {
            if (names.contains(field)) {
                return field;
            }
        }
        return null;
    }

    private String takenReason(String field) {
        return "the value already has a field '" + field + "'; set " + String.join(", ", outputFieldSettings)
                + " to names the value does not use";
    }

    private ScoreOutcome score(R record, Object value, ScoringModel model, ScoringModel challengerModel) {
        if (model == null) {
            if (metrics != null) {
                metrics.skipped();
            }
            return ScoreOutcome.skipped("no model version yet in " + champion.location() + " ("
                    + FraudScoreConfig.ON_MISSING_MODEL_CONFIG + "=pass)");
        }
        double score;
        try {
            score = model.scorer().score(value);
        } catch (MissingFeature e) {
            if (onMissing == FraudScoreConfig.OnMissingFeature.FAIL) {
                throw new DataException("FraudScore cannot score the record from " + RecordLocation.of(record) + ": "
                        + e.getMessage() + "; set " + FraudScoreConfig.ON_MISSING_FEATURE_CONFIG
                        + " to skip or zero to pass such records on");
            }
            if (metrics != null) {
                metrics.skipped();
            }
            return ScoreOutcome.skipped(e.getMessage());
        }
        boolean flag = score > model.threshold();
        if (metrics != null) {
            metrics.scored(flag);
        }
        Double challengerScore = challengerModel == null ? null : challengerScore(challengerModel, value);
        Boolean challengerFlag = challengerScore == null ? null : challengerScore > challengerModel.threshold();
        if (challengerFlag != null && challengerFlag != flag && metrics != null) {
            metrics.disagreement();
        }
        return new ScoreOutcome(score, flag, model.version(), challengerScore, challengerFlag, null);
    }

    /** Null when the challenger lacks a feature: an experiment must not fail or skip a record the champion scored. */
    private static Double challengerScore(ScoringModel challengerModel, Object value) {
        try {
            return challengerModel.scorer().score(value);
        } catch (MissingFeature e) {
            return null;
        }
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return BundleVersion.get();
    }

    /**
     * Stops looking for newer versions and releases the models' native resources (the TensorFlow sessions, when that
     * engine is used), after a load in progress has finished; then the Cloud Storage client and downloaded files.
     */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        for (ModelSlot slot : champion == null ? List.<ModelSlot>of() : slots()) {
            slot.close();
        }
        champion = null;
        challenger = null;
        if (sources != null) {
            sources.close();
            sources = null;
        }
        reporting.close();
    }

    protected abstract Schema operatingSchema(R record);

    protected abstract Object operatingValue(R record);

    protected abstract R newRecord(R record, Schema updatedSchema, Object updatedValue, Headers headers);

    /** Scores the record value. There is no key variant: a key holds no features worth scoring. */
    public static final class Value<R extends ConnectRecord<R>> extends FraudScore<R> {
        @Override
        protected Schema operatingSchema(R record) {
            return record.valueSchema();
        }

        @Override
        protected Object operatingValue(R record) {
            return record.value();
        }

        @Override
        protected R newRecord(R record, Schema updatedSchema, Object updatedValue, Headers headers) {
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    updatedSchema, updatedValue, record.timestamp(), headers);
        }
    }
}
