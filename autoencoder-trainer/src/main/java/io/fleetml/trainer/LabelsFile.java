package io.fleetml.trainer;

import io.fleetml.connect.common.FieldPath;
import io.fleetml.connect.common.FieldSyntax;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Labels that arrive apart from the records, as chargebacks come weeks after the payment: a CSV file with a header
 * line, one column holding the id (named as {@code --id-field}) and one the label (named as {@code --label-field}),
 * joined to each record by the value of its {@code --id-field}. A record whose id is not in the file, or that has no
 * id, is unlabeled. An id listed twice with the same label counts once; with two different labels the file is refused,
 * since either choice could train on fraud. Errors name the file, line and column, never an id.
 */
final class LabelsFile implements RecordLabels {
    private final FieldPath idField;
    private final Map<String, Byte> labels;

    private LabelsFile(FieldPath idField, Map<String, Byte> labels) {
        this.idField = idField;
        this.labels = labels;
    }

    static LabelsFile read(Path csv, String idField, String labelColumn, LabelValues values) throws IOException {
        FieldPath idPath = FieldPath.parse(idField, FieldSyntax.V2, "--id-field");
        String source = "--labels-file " + csv;
        Map<String, Byte> labels = new HashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        try (CSVParser parser = CsvFiles.open(csv)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new IOException(source + " is empty; it needs a header line naming its columns");
            }
            int idColumn = column(header, idField, "--id-field", source);
            int labelIndex = column(header, labelColumn, "--label-field", source);
            Iterator<CSVRecord> rows = parser.iterator();
            while (CsvFiles.hasNext(rows, source)) {
                CSVRecord row = rows.next();
                long line = parser.getCurrentLineNumber();
                if (row.size() != header.size()) {
                    throw new IOException(source + " line " + line + " has " + row.size() + " columns, the header "
                            + header.size());
                }
                byte label;
                try {
                    label = values.classify(row.get(labelIndex),
                            () -> source + " line " + line + ", column '" + labelColumn + "' (--label-field)");
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
                String id = ValueText.of(row.get(idColumn));
                if (id == null || label == TrainingRecords.UNLABELED) {
                    continue;
                }
                Byte earlier = labels.putIfAbsent(id, label);
                if (earlier != null && earlier != label) {
                    throw new IOException(source + " line " + line + ", column '" + labelColumn + "': the id in column '"
                            + idField + "' is labeled " + name(earlier) + " on line " + lineOf.get(id) + " and "
                            + name(label) + " here");
                }
                lineOf.putIfAbsent(id, line);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
        return new LabelsFile(idPath, Map.copyOf(labels));
    }

    private static int column(List<String> header, String name, String flag, String source) throws IOException {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IOException(source + " has no column '" + name + "' (" + flag + ") in its header line");
        }
        return index;
    }

    private static String name(byte label) {
        return label == TrainingRecords.FRAUD ? "fraud" : "normal";
    }

    /** How many ids the file labels. */
    int size() {
        return labels.size();
    }

    @Override
    public byte labelOf(Object record, String file, long number) {
        Object id = idField.valueFrom(record);
        Byte label = id == FieldPath.MISSING ? null : labels.get(ValueText.of(id));
        return label == null ? TrainingRecords.UNLABELED : label;
    }
}
