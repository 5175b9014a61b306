package io.fleetml.trainer;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV lines (RFC 4180: comma-separated, fields in double quotes may hold commas and doubled quotes) into their
 * cells. A quoted field may not span lines: label files hold ids and labels, never text with line breaks.
 */
final class CsvLines {
    private CsvLines() {
    }

    /** The cells of the next line, or null at the end; {@code lineNumber} (1-based) is only for the error message. */
    static List<String> next(BufferedReader reader, String source, long lineNumber) throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IOException(source + " line " + lineNumber + ": a quoted field is not closed on its line");
        }
        cells.add(cell.toString());
        return cells;
    }
}
