package io.fleetml.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fleetml.connect.common.FieldPath;
import io.fleetml.connect.fraud.features.Features;
import io.fleetml.connect.fraud.features.MissingFeature;
import org.apache.kafka.connect.transforms.field.FieldSyntaxVersion;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the JSON Lines files the GCS sink writes ({@code .jsonl}, or {@code .jsonl.gz} with gzip) from a local
 * directory tree, in path order, and extracts each record's feature vector. A record that lacks a feature is skipped and
 * counted by reason; a {@code null} line (a tombstone) is skipped silently; a line that is not JSON fails the run with
 * the file and line, as it means the files are not what the sink wrote.
 */
public final class SinkFileReader {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Features features;
    private final FieldPath labelField;

    /** {@code labelField} is a field path (KIP-821 syntax) of a boolean or 0/1 label, or null for none. */
    public SinkFileReader(Features features, String labelField) {
        this.features = features;
        this.labelField = labelField == null ? null : FieldPath.parse(labelField, FieldSyntaxVersion.V2, "--label-field");
    }

    /** The sink's data files below {@code root} within {@code range}, sorted by path. */
    public static List<Path> find(Path root, PartitionRange range) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("--input " + root + " is not a directory");
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> isJsonLines(p.getFileName().toString()))
                    .filter(p -> range.includes(root.relativize(p)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean isJsonLines(String name) {
        return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
    }

    public TrainingRecords read(List<Path> files) throws IOException {
        List<double[]> vectors = new ArrayList<>();
        List<Byte> labels = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (Path file : files) {
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
                 BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                int number = 0;
                while ((line = lines.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    Object value;
                    try {
                        value = JSON.readValue(line, Object.class);
                    } catch (JsonProcessingException e) {
                        throw new IOException(file + " line " + number + ": not JSON: " + e.getOriginalMessage(), e);
                    }
                    if (value == null) {
                        continue;
                    }
                    try {
                        vectors.add(features.extract(value));
                        labels.add(label(value));
                    } catch (MissingFeature e) {
                        skipped.merge(e.getMessage(), 1, Integer::sum);
                    }
                }
            }
        }
        byte[] labelArray = new byte[labels.size()];
        for (int i = 0; i < labelArray.length; i++) {
            labelArray[i] = labels.get(i);
        }
        return new TrainingRecords(vectors, labelArray, files.size(), skipped);
    }

    /** True, 1 and 1.0 are fraud; false and 0 are normal; anything else, or no label field, is unlabeled. */
    private byte label(Object record) {
        if (labelField == null) {
            return TrainingRecords.UNLABELED;
        }
        Object value = labelField.valueFrom(record);
        if (value instanceof Boolean flag) {
            return flag ? TrainingRecords.FRAUD : TrainingRecords.NORMAL;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == 1) {
                return TrainingRecords.FRAUD;
            }
            if (d == 0) {
                return TrainingRecords.NORMAL;
            }
        }
        return TrainingRecords.UNLABELED;
    }
}
