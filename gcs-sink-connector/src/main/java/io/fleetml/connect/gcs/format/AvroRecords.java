package io.fleetml.connect.gcs.format;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Picks the Avro schema of a file (from its Connect schema, or the declared one for schemaless records) and converts
 * each record to it, shared by the Parquet and Avro formats.
 */
final class AvroRecords {
    private final ConnectAvro avro = new ConnectAvro();
    private final Schema declared;

    AvroRecords(String declaredSchemaJson) {
        this.declared = declaredSchemaJson == null || declaredSchemaJson.isBlank() ? null : new Schema.Parser().parse(declaredSchemaJson);
    }

    /** The file's Avro schema, or null when it cannot be known (schemaless records and no declared schema). */
    Schema schemaFor(org.apache.kafka.connect.data.Schema connect) {
        if (connect != null) {
            if (connect.type() != org.apache.kafka.connect.data.Schema.Type.STRUCT) {
                throw new DataException("values must be Structs to be written as Avro or Parquet, found " + connect.type());
            }
            return avro.schemaOf(connect);
        }
        return declared;
    }

    GenericRecord convert(SinkRecord record, Schema schema) {
        if (schema == null) {
            throw new DataException("schemaless record cannot be written as Avro or Parquet: set format.avro.schema, "
                    + "or use a converter that provides schemas (e.g. JsonConverter with schemas.enable=true)");
        }
        if (record.value() instanceof Struct struct) {
            return avro.record(struct);
        }
        return avro.record(record.value(), schema);
    }
}
