package io.fleetml.connect.gcs.format;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * CSV (RFC 4180) with a header row of flattened field names taken from the file's first record; arrays and maps go
 * into a cell as JSON. A later record with a column the header lacks is a bad record, since the schema change that
 * usually causes it starts a new file anyway.
 */
final class CsvFormat implements RecordFormat {
    private final boolean gzip;
    private final boolean header;

    CsvFormat(boolean gzip, boolean header) {
        this.gzip = gzip;
        this.header = header;
    }

    @Override
    public String extension() {
        return gzip ? "csv.gz" : "csv";
    }

    @Override
    public RecordWriter newWriter(OutputStream out, Schema schema) {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
        OutputStream target;
        try {
            target = gzip ? new GZIPOutputStream(out, 64 * 1024) : out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RecordWriter() {
            private List<String> columns;

            @Override
            public void write(SinkRecord record) throws IOException {
                Map<String, Object> row = Flattener.flatten(record.value());
                StringBuilder line = new StringBuilder();
                if (columns == null) {
                    columns = new ArrayList<>(row.keySet());
                    if (header) {
                        line.append(String.join(",", columns.stream().map(CsvFormat::quote).toList())).append("\r\n");
                    }
                }
                for (String column : row.keySet()) {
                    if (!columns.contains(column)) {
                        throw new DataException("field '" + column + "' is not a column of this CSV file " + columns);
                    }
                }
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    line.append(cell(row.get(columns.get(i)), record.topic(), json));
                }
                target.write(line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
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

    private static String cell(Object value, String topic, JsonConverter json) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return quote(new String(json.fromConnectData(topic, null, value), StandardCharsets.UTF_8));
        }
        if (value instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof java.util.Date date) {
            return Long.toString(date.getTime());
        }
        return quote(value.toString());
    }

    static String quote(String text) {
        boolean needs = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return needs ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
