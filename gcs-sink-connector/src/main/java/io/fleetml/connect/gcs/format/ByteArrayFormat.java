package io.fleetml.connect.gcs.format;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Record values as they are, each followed by a separator, as Confluent's ByteArrayFormat writes them: for values a
 * ByteArrayConverter delivered (bytes, or a BYTES schema). With an empty separator the values are simply concatenated.
 */
final class ByteArrayFormat implements RecordFormat {
    private final byte[] separator;
    private final String extension;

    ByteArrayFormat(String separator, String extension) {
        this.separator = separator.getBytes(StandardCharsets.UTF_8);
        this.extension = extension;
    }

    @Override
    public String extension() {
        return extension;
    }

    @Override
    public RecordWriter newWriter(OutputStream out, Schema schema) {
        return RecordWriter.streaming(out, (record, stream) -> {
            stream.write(bytes(record));
            stream.write(separator);
        });
    }

    private static byte[] bytes(SinkRecord record) {
        Schema schema = record.valueSchema();
        if (schema != null && schema.type() != Schema.Type.BYTES) {
            throw new DataException("format bytearray writes bytes values, but the value schema is " + schema.type()
                    + "; use a converter that gives bytes, such as ByteArrayConverter");
        }
        Object value = record.value();
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        throw new DataException("format bytearray writes bytes values, but the value is "
                + (value == null ? "null" : value.getClass().getSimpleName())
                + "; use a converter that gives bytes, such as ByteArrayConverter");
    }
}
