package io.fleetml.trainer;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A labelled data set in one CSV file (see {@link CsvFiles}), each row a record whose top-level fields are the header's
 * columns, so feature expressions and {@code --label-field} name columns. CSV has no types: a cell written as a decimal
 * number becomes a number, an empty cell null (a missing feature, or unlabeled), any other cell its text.
 */
final class CsvRecords {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvRecords() {
    }

    /** Hands each row of {@code csv} to {@code records} in file order; errors name the line, the caller the file. */
    static void read(Path csv, Consumer<Object> records) throws IOException {
        CSVParser opened;
        try {
            opened = CsvFiles.open(csv);
        } catch (IllegalArgumentException e) {
            // Commons CSV refuses a header with a duplicate or empty column name this way.
            throw new IOException("the header line: " + e.getMessage(), e);
        }
        try (CSVParser parser = opened) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new IOException("the file is empty; it needs a header line naming its columns");
            }
            Iterator<CSVRecord> rows = parser.iterator();
            while (CsvFiles.hasNext(rows, "malformed CSV")) {
                CSVRecord row = rows.next();
                if (row.size() != header.size()) {
                    throw new IOException("line " + parser.getCurrentLineNumber() + " has " + row.size()
                            + " columns, the header " + header.size());
                }
                Map<String, Object> record = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    record.put(header.get(i), value(row.get(i)));
                }
                records.accept(record);
            }
        }
    }

    private static Object value(String cell) {
        if (cell.isEmpty()) {
            return null;
        }
        return DECIMAL.matcher(cell).matches() ? (Object) Double.parseDouble(cell) : cell;
    }
}
