package io.fleetml.connect.gcs;

import io.fleetml.connect.common.config.EnumSetting;
import io.fleetml.connect.common.layout.TrainingDataLayout.Companion;
import io.fleetml.connect.gcs.GcsSinkConfig.PartFormat;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A part of each record that the sink can store in objects of its own beside the value's, as Confluent's storage sinks
 * store keys and headers: {@code <topic>+<partition>+<offset>.keys.<ext>} and {@code .headers.<ext>}, one entry per
 * value, in the same order. The {@link #view} of a record is a record whose value is that part, so every file format
 * writes it as it writes values.
 */
enum RecordPart {
    KEYS(Companion.KEYS, GcsSinkConfig.STORE_KEYS_CONFIG) {
        @Override
        Schema viewSchema(SinkRecord record, PartFormat format) {
            Object key = record.key();
            if (key == null) {
                throw new DataException("the record has no key, and " + setting + "=true stores every record's key in "
                        + "the keys object beside its value; the objects would no longer line up");
            }
            if (record.keySchema() != null) {
                try {
                    ConnectSchema.validateValue(record.keySchema(), key);
                } catch (DataException e) {
                    // Found here rather than by the keys' writer, which would meet it after the value was written.
                    throw new DataException("the key does not fit its own schema: " + e.getMessage(), e);
                }
            }
            return switch (format) {
                case JSON -> record.keySchema();
                case BYTEARRAY -> {
                    boolean bytesSchema = record.keySchema() == null || record.keySchema().type() == Schema.Type.BYTES;
                    if (!bytesSchema || !(key instanceof byte[] || key instanceof ByteBuffer)) {
                        throw new DataException("keys.format=bytearray writes bytes keys, but the key is "
                                + (bytesSchema ? key.getClass().getSimpleName() : "of schema " + record.keySchema().type())
                                + "; use a key converter that gives bytes, such as ByteArrayConverter");
                    }
                    yield record.keySchema();
                }
                case AVRO, PARQUET -> {
                    Schema schema = record.keySchema() != null ? record.keySchema() : Values.inferSchema(key);
                    if (schema == null) {
                        throw new DataException("the key is a schemaless " + key.getClass().getSimpleName() + ", and keys.format="
                                + EnumSetting.valueOf(format) + " needs its schema; use a key converter that provides one");
                    }
                    yield schema.type() == Schema.Type.STRUCT ? schema : envelope(schema);
                }
            };
        }

        @Override
        Object viewValue(SinkRecord record, Schema viewSchema) {
            Object key = record.key();
            if (viewSchema == null || viewSchema.type() != Schema.Type.STRUCT || key instanceof Struct) {
                return key;
            }
            return new Struct(viewSchema).put(KEY_FIELD, key);
        }
    },

    HEADERS(Companion.HEADERS, GcsSinkConfig.STORE_HEADERS_CONFIG) {
        @Override
        Schema viewSchema(SinkRecord record, PartFormat format) {
            if (record.headers().isEmpty()) {
                throw new DataException("the record has no headers, and " + setting + "=true stores every record's headers "
                        + "in the headers object beside its value; the objects would no longer line up");
            }
            return HEADERS_SCHEMA;
        }

        @Override
        Object viewValue(SinkRecord record, Schema viewSchema) {
            List<Struct> headers = new ArrayList<>();
            for (Header header : record.headers()) {
                headers.add(new Struct(HEADER_SCHEMA).put(HEADER_KEY_FIELD, header.key())
                        .put(HEADER_VALUE_FIELD, Values.convertToString(header.schema(), header.value())));
            }
            return new Struct(HEADERS_SCHEMA).put(HEADERS_FIELD, headers);
        }
    };

    /** The one field of the record a key that is not a Struct is written in, for formats whose rows are records. */
    static final String KEY_FIELD = "key";
    static final String HEADERS_FIELD = "headers";
    static final String HEADER_KEY_FIELD = "key";
    static final String HEADER_VALUE_FIELD = "value";
    private static final Schema HEADER_SCHEMA = SchemaBuilder.struct().name("RecordHeader")
            .field(HEADER_KEY_FIELD, Schema.STRING_SCHEMA).field(HEADER_VALUE_FIELD, Schema.OPTIONAL_STRING_SCHEMA).build();
    /** Headers in their order, each value as Connect's {@link Values#convertToString} writes it; repeated keys kept. */
    static final Schema HEADERS_SCHEMA = SchemaBuilder.struct().name("RecordHeaders")
            .field(HEADERS_FIELD, SchemaBuilder.array(HEADER_SCHEMA).build()).build();

    private static final Map<Schema, Schema> ENVELOPES = new ConcurrentHashMap<>();

    private final Companion companion;
    final String setting;

    RecordPart(Companion companion, String setting) {
        this.companion = companion;
        this.setting = setting;
    }

    /** The part's name in object names, between the start offset and the extension. */
    String suffix() {
        return companion.text();
    }

    /**
     * The record whose value is this part of {@code record}, as {@code format} writes it. A record that lacks the part,
     * or whose part the format cannot write, fails with a DataException saying why, before anything of it is written.
     */
    SinkRecord view(SinkRecord record, PartFormat format) {
        Schema schema = viewSchema(record, format);
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema,
                viewValue(record, schema), record.timestamp(), record.headers());
    }

    abstract Schema viewSchema(SinkRecord record, PartFormat format);

    abstract Object viewValue(SinkRecord record, Schema viewSchema);

    /** One instance per key schema, as the Avro conversion caches schemas by identity. */
    private static Schema envelope(Schema keySchema) {
        return ENVELOPES.computeIfAbsent(keySchema, schema -> SchemaBuilder.struct().name("RecordKey").field(KEY_FIELD, schema).build());
    }
}
