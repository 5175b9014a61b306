package io.fleetml.connect.gcs.format;

import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Avro container files. The sync marker, random by default, is derived from the schema so that a replay of the same
 * records writes the same bytes.
 */
final class AvroFormat implements RecordFormat {
    private static final int SYNC_SIZE = 16;

    private final CodecFactory codec;
    private final FormatOptions options;

    AvroFormat(CodecFactory codec, FormatOptions options) {
        this.codec = codec;
        this.options = options;
    }

    @Override
    public String extension() {
        return Extension.AVRO.text();
    }

    @Override
    public RecordWriter newWriter(OutputStream out, org.apache.kafka.connect.data.Schema schema) {
        AvroRecords records = new AvroRecords(options.avroSchemaJson());
        Schema avroSchema = records.schemaFor(schema);
        return new RecordWriter() {
            private DataFileWriter<GenericRecord> writer;

            @Override
            public void write(SinkRecord record) throws IOException {
                GenericRecord converted = records.convert(record, avroSchema);
                if (writer == null) {
                    writer = new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(avroSchema)).setCodec(codec);
                    writer.create(avroSchema, out, syncMarker(avroSchema));
                }
                writer.append(converted);
            }

            @Override
            public long bufferedBytes() {
                return 0;
            }

            @Override
            public void close() throws IOException {
                if (writer != null) {
                    writer.close();
                } else {
                    out.close();
                }
            }
        };
    }

    private static byte[] syncMarker(Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        byte[] sync = ByteBuffer.allocate(SYNC_SIZE).putLong(fingerprint).putLong(~fingerprint).array();
        return Arrays.copyOf(sync, SYNC_SIZE);
    }
}
