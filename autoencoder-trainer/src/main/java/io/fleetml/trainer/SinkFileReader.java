package io.fleetml.trainer;

import io.fleetml.model.features.Features;
import io.fleetml.model.features.MissingFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads the files the GCS sink wrote (JSON Lines, gzipped or not, Parquet, TFRecord: see {@link SinkFileFormat}) in
 * the given order and extracts each record's feature vector. A record that lacks a feature, and a tombstone, is skipped
 * and counted by reason; a file that cannot be decoded fails the run naming the file and the line or record, as it
 * means the files are not what the sink wrote.
 */
public final class SinkFileReader {
    static final String TOMBSTONE = "null record value (a tombstone)";

    private final Features features;
    private final RecordLabels labels;
    private final String fileDelimiter;

    /**
     * {@code labels} gives each record read its label, {@link RecordLabels#NONE} for none; {@code fileDelimiter} is the
     * sink's {@code file.delim}.
     */
    SinkFileReader(Features features, RecordLabels labels, String fileDelimiter) {
        this.features = features;
        this.labels = labels;
        this.fileDelimiter = fileDelimiter;
    }

    /** What joins topic, partition and offset in the names of the files this reader reads. */
    String fileDelimiter() {
        return fileDelimiter;
    }

    /** Reads {@code files}, telling {@code progress} one line per file: where it is and how many records it gave. */
    public TrainingRecords read(List<SinkFile> files, Consumer<String> progress) throws IOException {
        Collected collected = new Collected();
        for (SinkFile file : files) {
            SinkFileFormat format = SinkFileFormat.of(file.relativeName(), fileDelimiter).orElseThrow(
                    () -> new IllegalArgumentException(file.location() + " is not a " + SinkFileFormat.EXTENSIONS + " file"));
            readFile(file.location(), records -> format.read(file, records), collected, progress);
        }
        return collected.records(files.size());
    }

    /** Reads a labelled data set in one CSV file (see {@link CsvRecords}), telling {@code progress} as for the sink's files. */
    public TrainingRecords readCsv(Path csv, Consumer<String> progress) throws IOException {
        Collected collected = new Collected();
        readFile(csv.toString(), records -> CsvRecords.read(csv, records), collected, progress);
        return collected.records(1);
    }

    /** Decodes one file's records, handing each to {@code records}. */
    @FunctionalInterface
    private interface FileRecords {
        void read(Consumer<Object> records) throws IOException;
    }

    /** What the files read so far gave. */
    private static final class Collected {
        final List<double[]> vectors = new ArrayList<>();
        final List<Byte> labels = new ArrayList<>();
        final Map<String, Integer> skipped = new TreeMap<>();

        TrainingRecords records(int files) {
            byte[] labelArray = new byte[labels.size()];
            for (int i = 0; i < labelArray.length; i++) {
                labelArray[i] = labels.get(i);
            }
            return new TrainingRecords(vectors, labelArray, files, skipped);
        }
    }

    private void readFile(String location, FileRecords file, Collected collected, Consumer<String> progress)
            throws IOException {
        int vectorsBefore = collected.vectors.size();
        int skippedBefore = total(collected.skipped);
        long[] recordNumber = {0};
        try {
            file.read(value -> {
                String reason = extract(value, collected.vectors, collected.labels, location, ++recordNumber[0]);
                if (reason != null) {
                    collected.skipped.merge(reason, 1, Integer::sum);
                }
            });
        } catch (IOException e) {
            throw new IOException(location + ": " + e.getMessage(), e);
        }
        int fileSkipped = total(collected.skipped) - skippedBefore;
        progress.accept(location + ": " + (collected.vectors.size() - vectorsBefore) + " records"
                + (fileSkipped == 0 ? "" : ", " + fileSkipped + " skipped"));
    }

    private static int total(Map<String, Integer> skipped) {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Adds the record's vector and label, or returns why it is skipped. */
    private String extract(Object value, List<double[]> vectors, List<Byte> labels, String file, long number) {
        if (value == null) {
            return TOMBSTONE;
        }
        double[] vector;
        try {
            vector = features.extract(value);
        } catch (MissingFeature e) {
            return e.getMessage();
        }
        String beyondFloat = beyondFloat(vector);
        if (beyondFloat != null) {
            return beyondFloat;
        }
        labels.add(this.labels.labelOf(value, file, number));
        vectors.add(vector);
        return null;
    }

    /**
     * Why the vector cannot be trained on, or null: a value beyond the float the network takes (a finite 1e300, say) would
     * make the standardization's statistics infinite and stop the training, and FraudScore flags such a record anyway.
     */
    private String beyondFloat(double[] vector) {
        for (int i = 0; i < features.features().size(); i++) {
            for (int j = features.offset(i); j < features.offset(i) + features.features().get(i).width(); j++) {
                if (Math.abs(vector[j]) > Float.MAX_VALUE) {
                    return "feature '" + features.features().get(i).name() + "' is beyond the range of a float";
                }
            }
        }
        return null;
    }
}
