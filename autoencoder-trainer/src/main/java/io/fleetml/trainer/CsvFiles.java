package io.fleetml.trainer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * The CSV files the trainer reads (a labels file, a labelled data set): UTF-8, RFC 4180, a header line naming the
 * columns, cells trimmed, empty lines ignored.
 */
final class CsvFiles {
    private static final CSVFormat WITH_HEADER = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setTrim(true).setIgnoreEmptyLines(true).get();

    private CsvFiles() {
    }

    /** A parser over {@code csv} positioned after its header line; the caller closes it. */
    static CSVParser open(Path csv) throws IOException {
        BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        try {
            return CSVParser.parse(withoutByteOrderMark(reader), WITH_HEADER);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Commons CSV reports a malformed row (an unclosed quote, say) as an unchecked exception while iterating. */
    static boolean hasNext(Iterator<CSVRecord> rows, String source) throws IOException {
        try {
            return rows.hasNext();
        } catch (UncheckedIOException e) {
            throw new IOException(source + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Spreadsheets write UTF-8 CSV with a byte-order mark, which would otherwise become part of the first column's name. */
    private static BufferedReader withoutByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }
}
