package io.fleetml.connect.gcs.format;

import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * One JSON value per line, encoded by Kafka's own JsonConverter so Structs, Maps and logical types read as elsewhere;
 * named {@code .jsonl} as the sink names them, or {@code .json} as Confluent's JsonFormat does.
 */
final class JsonLinesFormat implements RecordFormat {
    private static final byte[] NULL_LINE = "null\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final Extension extension;
    private final boolean gzip;

    JsonLinesFormat(Extension extension, boolean gzip) {
        this.extension = extension;
        this.gzip = gzip;
    }

    @Override
    public String extension() {
        return extension.text();
    }

    @Override
    public RecordWriter newWriter(OutputStream out, Schema schema) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC", "converter.type", "value"));
        return new RecordWriter() {
            private final OutputStream target = wrap(out);

            @Override
            public void write(SinkRecord record) throws IOException {
                if (record.value() == null) {
                    target.write(NULL_LINE);
                    return;
                }
                byte[] json = converter.fromConnectData(record.topic(), record.valueSchema(), record.value());
                target.write(json);
                target.write('\n');
            }

            @Override
            public long bufferedBytes() {
                return 0;
            }

            @Override
            public void close() throws IOException {
                target.close();
            }
        };
    }

    private OutputStream wrap(OutputStream out) {
        if (!gzip) {
            return out;
        }
        try {
            return new GZIPOutputStream(out, 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
