package io.fleetml.connect.gcs.format;

import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;

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
        return RecordWriter.streaming(wrap(out), (record, target) -> {
            if (record.value() == null) {
                target.write(NULL_LINE);
                return;
            }
            target.write(converter.fromConnectData(record.topic(), record.valueSchema(), record.value()));
            target.write('\n');
        });
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
