package io.fleetml.connect.gcs.format;

import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
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
        return (gzip ? Extension.CSV_GZIP : Extension.CSV).text();
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
        CSVPrinter printer;
        try {
            printer = new CSVPrinter(new OutputStreamWriter(target, StandardCharsets.UTF_8), CSVFormat.RFC4180);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RecordWriter() {
            private List<String> columns;

            @Override
            public void write(SinkRecord record) throws IOException {
                Map<String, Object> row = Flattener.flatten(record.value());
                if (columns == null) {
                    columns = new ArrayList<>(row.keySet());
                    if (header) {
                        printer.printRecord(columns);
                    }
                }
                for (String column : row.keySet()) {
                    if (!columns.contains(column)) {
                        throw new DataException("field '" + column + "' is not a column of this CSV file " + columns);
                    }
                }
                List<String> cells = new ArrayList<>(columns.size());
                for (String column : columns) {
                    cells.add(cell(row.get(column), record.topic(), json));
                }
                printer.printRecord(cells);
                // The sink counts a file's size from the stream below, so nothing may wait in the printer's writer.
                printer.flush();
            }

            @Override
            public long bufferedBytes() {
                return 0;
            }

            @Override
            public void close() throws IOException {
                printer.close();
            }
        };
    }

    /** The cell's text; Commons CSV quotes it where RFC 4180 needs. */
    private static String cell(Object value, String topic, JsonConverter json) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return new String(json.fromConnectData(topic, null, value), StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof java.util.Date date) {
            return Long.toString(date.getTime());
        }
        return value.toString();
    }
}
