package io.fleetml.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The ULB credit-card sample (492 frauds, 4,920 normal transactions; see the README beside it), read in place from the
 * shared data directory beside the repository, as records the trainer and FraudScore take: maps with {@code id},
 * {@code Time}, {@code V1}..{@code V28}, {@code Amount} and {@code Class} (1 = fraud).
 */
final class UlbSample {
    /** From a module's directory: the shared data lie beside the repository, never in it. */
    static final Path CSV = Path.of("../../shared/data/ulb-creditcard-sample.csv");
    static final String FEATURES = IntStream.rangeClosed(1, 28).mapToObj(i -> "V" + i)
            .collect(Collectors.joining(",")) + ",log1p(Amount)";
    static final String LABEL = "Class";
    /** Normal rows trained on in the normal-only measurement; the rest of them and every fraud are evaluated. */
    static final int NORMAL_TRAINING_ROWS = 3_000;
    static final long SPLIT_SEED = 42;

    private static final ObjectMapper JSON = new ObjectMapper();

    private UlbSample() {
    }

    static boolean present() {
        return Files.isRegularFile(CSV);
    }

    static String absent() {
        return "the ULB sample is not beside the repository: " + CSV.toAbsolutePath().normalize();
    }

    /** Every row in file order. */
    static List<Map<String, Object>> rows() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (BufferedReader reader = Files.newBufferedReader(CSV, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord record : parser) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", "ulb-" + record.getRecordNumber());
                for (String column : parser.getHeaderNames()) {
                    double value = Double.parseDouble(record.get(column));
                    row.put(column, column.equals(LABEL) ? (Object) (int) value : (Object) value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static boolean fraud(Map<String, Object> row) {
        return ((Integer) row.get(LABEL)) == 1;
    }

    /** The normal rows in an order fixed by {@link #SPLIT_SEED}: the first {@link #NORMAL_TRAINING_ROWS} train. */
    static List<Map<String, Object>> shuffledNormal(List<Map<String, Object>> rows) {
        List<Map<String, Object>> normal = new ArrayList<>(rows.stream().filter(row -> !fraud(row)).toList());
        Collections.shuffle(normal, new Random(SPLIT_SEED));
        return normal;
    }

    static byte[] labels(List<Map<String, Object>> rows) {
        byte[] labels = new byte[rows.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = fraud(rows.get(i)) ? TrainingRecords.FRAUD : TrainingRecords.NORMAL;
        }
        return labels;
    }

    /**
     * Writes {@code rows} as one JSON Lines file named as the sink names its objects, under {@code dir}, leaving out
     * the label unless {@code withLabel}; returns the directory to give the trainer as {@code --input}.
     */
    static Path writeJsonLines(Path dir, List<Map<String, Object>> rows, boolean withLabel) throws IOException {
        Files.createDirectories(dir);
        try (Writer out = Files.newBufferedWriter(dir.resolve("ulb+0+0.jsonl"), StandardCharsets.UTF_8)) {
            for (Map<String, Object> row : rows) {
                Map<String, Object> record = new LinkedHashMap<>(row);
                if (!withLabel) {
                    record.remove(LABEL);
                }
                out.write(JSON.writeValueAsString(record));
                out.write('\n');
            }
        }
        return dir;
    }
}
