package io.fleetml.connect.fraud;

import io.fleetml.connect.common.BundleVersion;
import io.fleetml.connect.common.RecordLocation;
import io.fleetml.connect.fraud.features.Features;
import io.fleetml.connect.fraud.features.MissingFeature;
import io.fleetml.connect.fraud.model.ModelMetadata;
import io.fleetml.connect.fraud.model.Normalizer;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.kafka.connect.transforms.util.Requirements.requireMap;
import static org.apache.kafka.connect.transforms.util.Requirements.requireStruct;

/**
 * Adds an autoencoder's anomaly score to each record in flight: features taken from the value, normalized with the
 * trainer's statistics, reconstructed by the model; the score, whether it is above the threshold, and the model's
 * version are added as fields. Use {@link Value}.
 */
public abstract class FraudScore<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String OVERVIEW_DOC = "Score each record value (<code>" + Value.class.getName() + "</code>) with a "
            + "TensorFlow autoencoder: the mean squared reconstruction error of the record's normalized features, a flag "
            + "when it is above the threshold, and the model version, added as fields of Struct and Map values. Dense "
            + "models are evaluated in plain Java with TensorFlow's results; others run in TensorFlow.";

    public static final ConfigDef CONFIG_DEF = FraudScoreConfig.CONFIG_DEF;

    /** Header added to a record passed on unscored with {@code on.missing.feature=skip}: which field and why. */
    public static final String SKIPPED_HEADER = "fraud_score_skipped";

    private static final Logger log = LoggerFactory.getLogger(FraudScore.class);
    private static final String PURPOSE = "fraud scoring";

    private LoadedModel model;
    private RecordScorer scorer;
    private FraudScoreConfig.OnMissingFeature onMissing;
    private double threshold;
    private String scoreField;
    private String flagField;
    private String versionField;
    private String modelVersion;
    private Cache<Schema, Schema> schemaCache;

    @Override
    public void configure(Map<String, ?> props) {
        FraudScoreConfig config = new FraudScoreConfig(props);
        LoadedModel loaded = ModelLoader.load(config);
        RecordScorer newScorer;
        try {
            newScorer = scorer(config, loaded);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
        close();
        model = loaded;
        scorer = newScorer;
        onMissing = config.onMissingFeature();
        threshold = config.threshold() != null ? config.threshold() : loaded.metadata().threshold();
        scoreField = config.scoreField();
        flagField = config.flagField();
        versionField = config.modelVersionField();
        modelVersion = loaded.metadata().version();
        schemaCache = new SynchronizedCache<>(new LRUCache<>(16));
        log.info("FraudScore: model '{}' from {}, threshold {}, engine {}", modelVersion, config.modelPath(), threshold,
                loaded.engine().description());
    }

    /** The configured features, or the model's own, checked against the model's input width. */
    private static RecordScorer scorer(FraudScoreConfig config, LoadedModel loaded) {
        ModelMetadata metadata = loaded.metadata();
        Features configured = config.features();
        Features features = configured != null ? configured
                : Features.of(metadata.features(), FraudScoreConfig.FEATURES_CONFIG);
        int inputs = loaded.engine().inputSize();
        if (features.width() != inputs) {
            throw new ConfigException(FraudScoreConfig.FEATURES_CONFIG, String.join(", ", features.names()),
                    "the features give " + features.width() + " numbers, the model in " + config.modelPath()
                            + " takes " + inputs);
        }
        if (metadata.mean().length != inputs) {
            throw new ConfigException(FraudScoreConfig.MODEL_PATH_CONFIG, config.modelPath().toString(),
                    ModelMetadata.FILE_NAME + " normalizes " + metadata.mean().length + " numbers, the model takes " + inputs);
        }
        return new RecordScorer(features, Normalizer.of(metadata), loaded.engine(),
                config.onMissingFeature() == FraudScoreConfig.OnMissingFeature.ZERO);
    }

    @Override
    public R apply(R record) {
        Object value = operatingValue(record);
        if (value == null) {
            return record;
        }
        Schema schema = operatingSchema(record);
        return schema == null
                ? applySchemaless(record, requireMap(value, PURPOSE))
                : applyWithSchema(record, requireStruct(value, PURPOSE));
    }

    private R applySchemaless(R record, Map<String, Object> value) {
        requireAbsent(value.keySet(), record);
        Outcome outcome = score(record, value);
        if (outcome.skipped() != null) {
            return newRecord(record, null, value, skippedHeaders(record, outcome.skipped()));
        }
        Map<String, Object> updated = new LinkedHashMap<>(value);
        updated.put(scoreField, outcome.score());
        updated.put(flagField, outcome.score() > threshold);
        updated.put(versionField, modelVersion);
        return newRecord(record, null, updated, record.headers());
    }

    /** Struct values keep one schema whether scored or skipped, so a sink does not see the schema flip per record. */
    private R applyWithSchema(R record, Struct value) {
        Schema updatedSchema = schemaCache.get(value.schema());
        if (updatedSchema == null) {
            updatedSchema = extend(value.schema(), record);
            schemaCache.put(value.schema(), updatedSchema);
        }
        Outcome outcome = score(record, value);
        Struct updated = new Struct(updatedSchema);
        for (Field field : value.schema().fields()) {
            updated.put(field.name(), value.get(field));
        }
        if (outcome.skipped() != null) {
            return newRecord(record, updatedSchema, updated, skippedHeaders(record, outcome.skipped()));
        }
        updated.put(scoreField, outcome.score());
        updated.put(flagField, outcome.score() > threshold);
        updated.put(versionField, modelVersion);
        return newRecord(record, updatedSchema, updated, record.headers());
    }

    private Schema extend(Schema schema, R record) {
        requireAbsent(schema.fields().stream().map(Field::name).toList(), record);
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        for (Field field : schema.fields()) {
            builder.field(field.name(), field.schema());
        }
        // Optional, because a record skipped for a missing feature carries them as null.
        builder.field(scoreField, Schema.OPTIONAL_FLOAT64_SCHEMA);
        builder.field(flagField, Schema.OPTIONAL_BOOLEAN_SCHEMA);
        builder.field(versionField, Schema.OPTIONAL_STRING_SCHEMA);
        return builder.build();
    }

    private void requireAbsent(Collection<String> names, R record) {
        for (String field : List.of(scoreField, flagField, versionField)) {
            if (names.contains(field)) {
                throw new DataException("FraudScore: the value already has a field '" + field + "' (record from "
                        + RecordLocation.of(record) + "); set " + FraudScoreConfig.SCORE_FIELD_CONFIG + ", "
                        + FraudScoreConfig.FLAG_FIELD_CONFIG + " or " + FraudScoreConfig.MODEL_VERSION_FIELD_CONFIG
                        + " to names the value does not use");
            }
        }
    }

    private Outcome score(R record, Object value) {
        try {
            return new Outcome(scorer.score(value), null);
        } catch (MissingFeature e) {
            if (onMissing == FraudScoreConfig.OnMissingFeature.FAIL) {
                throw new DataException("FraudScore cannot score the record from " + RecordLocation.of(record) + ": "
                        + e.getMessage() + "; set " + FraudScoreConfig.ON_MISSING_FEATURE_CONFIG
                        + " to skip or zero to pass such records on");
            }
            return new Outcome(Double.NaN, e.getMessage());
        }
    }

    private static Headers skippedHeaders(ConnectRecord<?> record, String reason) {
        Headers headers = record.headers().duplicate();
        headers.addString(SKIPPED_HEADER, reason);
        return headers;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return BundleVersion.get();
    }

    /** Releases the model's native resources (the TensorFlow session, when that engine is used). */
    @Override
    public void close() {
        if (model != null) {
            model.close();
            model = null;
            scorer = null;
        }
    }

    protected abstract Schema operatingSchema(R record);

    protected abstract Object operatingValue(R record);

    protected abstract R newRecord(R record, Schema updatedSchema, Object updatedValue, Headers headers);

    /** The score of a record, or why it was skipped (never the field's value, which may be personal data). */
    private record Outcome(double score, String skipped) {
    }

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
