package io.fleetml.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fleetml.testkit.fleet.SimulatedPayment;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes simulated payments as the GCS sink lays out gzipped JSON Lines: {@code topics/<topic>/dt=…/hour=…/<topic>+0+<offset>.jsonl.gz}
 * by the payment's time, with the ground truth added as the field {@value #LABEL} for evaluation.
 */
final class SinkLayout {
    static final String LABEL = "is_fraud";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt'=yyyy-MM-dd/'hour'=HH").withZone(ZoneOffset.UTC);

    private SinkLayout() {
    }

    static void write(Path root, String topic, List<SimulatedPayment> payments) throws IOException {
        Map<String, StringBuilder> byPartition = new TreeMap<>();
        Map<String, Integer> firstOffset = new TreeMap<>();
        for (int offset = 0; offset < payments.size(); offset++) {
            SimulatedPayment payment = payments.get(offset);
            Map<String, Object> value = new LinkedHashMap<>(payment.value());
            value.put(LABEL, payment.fraud());
            String partition = PARTITION.format(Instant.ofEpochMilli((Long) value.get("ts")));
            byPartition.computeIfAbsent(partition, p -> new StringBuilder()).append(JSON.writeValueAsString(value)).append('\n');
            firstOffset.putIfAbsent(partition, offset);
        }
        for (Map.Entry<String, StringBuilder> entry : byPartition.entrySet()) {
            Path dir = root.resolve("topics").resolve(topic).resolve(entry.getKey());
            Files.createDirectories(dir);
            Path file = dir.resolve(String.format("%s+0+%020d.jsonl.gz", topic, firstOffset.get(entry.getKey())));
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(entry.getValue().toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
