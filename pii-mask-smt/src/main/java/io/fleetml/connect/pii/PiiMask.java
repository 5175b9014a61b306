package io.fleetml.connect.pii;

import io.fleetml.connect.common.BundleVersion;
import io.fleetml.connect.common.RecordLocation;
import io.fleetml.connect.common.metrics.TransformationPluginMetrics;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;

/**
 * Removes personal data from records in flight, so no raw PII reaches Kafka or training data: keyed pseudonyms, redaction,
 * dropping, partial masks, coarser coordinates and a free-text scan, on Struct and schemaless records, nested fields,
 * arrays and headers. Use {@link Key} or {@link Value}. What it changed shows as plugin metrics of the task.
 */
public abstract class PiiMask<R extends ConnectRecord<R>> implements Transformation<R>, Versioned, Monitorable {
    /** Why fields were dropped when they could not be masked (on.invalid.field=drop): paths and problems, never values. */
    public static final String DROPPED_HEADER = "pii_mask_dropped";
    public static final String OVERVIEW_DOC = "Pseudonymize (keyed HMAC-SHA256), redact, drop, partially mask, generalize "
            + "coordinates and scan free text for PII in the record key (<code>" + Key.class.getName() + "</code>) or value (<code>"
            + Value.class.getName() + "</code>), in nested Structs and Maps, arrays and named headers. Raw values are never logged.";

    public static final ConfigDef CONFIG_DEF = PiiMaskConfig.CONFIG_DEF;

    private final PiiMaskMetrics metrics = new PiiMaskMetrics();
    private final TransformationPluginMetrics reporting = new TransformationPluginMetrics(getClass(), metrics::register);
    private RecordMasker masker;

    @Override
    public void configure(Map<String, ?> props) {
        masker = new RecordMasker(new PiiMaskConfig(props), metrics);
    }

    /**
     * A 4.1+ worker calls this after {@link #configure}; on an older one the metrics are registered with the first
     * record. Counting runs either way, so it costs the same with or without it.
     */
    @Override
    public void withPluginMetrics(PluginMetrics pluginMetrics) {
        reporting.register(pluginMetrics);
    }

    @Override
    public R apply(R record) {
        reporting.beforeRecord();
        metrics.startRecord();
        R masked = mask(record);
        metrics.endRecord();
        return masked;
    }

    private R mask(R record) {
        try {
            masker.invalid().clear();
            Headers headers = masker.maskHeaders(record.headers());
            Object value = operatingValue(record);
            Schema schema = operatingSchema(record);
            if (value == null) {
                return headers == record.headers() ? record : newRecord(record, schema, null, headers);
            }
            if (schema == null) {
                Object masked = masker.maskSchemaless(value);
                return newRecord(record, null, masked, withInvalidFields(headers));
            }
            ValuePlan plan = masker.planFor(schema);
            if (plan == null || !plan.rewrites()) {
                if (plan != null) {
                    plan.apply(value);
                }
                return headers == record.headers() ? record : newRecord(record, schema, value, headers);
            }
            Object masked = plan.apply(value);
            return newRecord(record, plan.schema(), masked, withInvalidFields(headers));
        } catch (MaskException | MissingPaths.Absent e) {
            // Connect's errors.tolerance and dead letter queue then handle the record; it is never dropped silently.
            throw new DataException(e.getMessage() + " (record from " + RecordLocation.of(record) + ")");
        }
    }

    /** The headers, with why fields were dropped when some could not be masked. */
    private Headers withInvalidFields(Headers headers) {
        String reasons = masker.invalid().header();
        if (reasons == null) {
            return headers;
        }
        Headers out = headers.duplicate();
        out.addString(DROPPED_HEADER, reasons);
        return out;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return BundleVersion.get();
    }

    @Override
    public void close() {
        masker = null;
        reporting.close();
    }

    protected abstract Schema operatingSchema(R record);

    protected abstract Object operatingValue(R record);

    protected abstract R newRecord(R record, Schema updatedSchema, Object updatedValue, Headers headers);

    /** Masks the record key, e.g. a VIN used as key: {@code hash.fields=$}. */
    public static final class Key<R extends ConnectRecord<R>> extends PiiMask<R> {
        @Override
        protected Schema operatingSchema(R record) {
            return record.keySchema();
        }

        @Override
        protected Object operatingValue(R record) {
            return record.key();
        }

        @Override
        protected R newRecord(R record, Schema updatedSchema, Object updatedValue, Headers headers) {
            return record.newRecord(record.topic(), record.kafkaPartition(), updatedSchema, updatedValue,
                    record.valueSchema(), record.value(), record.timestamp(), headers);
        }
    }

    /** Masks the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends PiiMask<R> {
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
