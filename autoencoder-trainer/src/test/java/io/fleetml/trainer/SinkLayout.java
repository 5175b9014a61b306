package io.fleetml.trainer;

import io.fleetml.connect.common.layout.TrainingDataLayout;
import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import io.fleetml.connect.gcs.format.FormatOptions;
import io.fleetml.connect.gcs.format.RecordFormat;
import io.fleetml.connect.gcs.format.RecordFormats;
import io.fleetml.connect.gcs.format.RecordWriter;
import io.fleetml.simulator.SimulatedPayment;
import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes simulated payments as the GCS sink lays them out, {@code topics/<topic>/dt=…/hour=…/<topic>+0+<offset>.<ext>}
 * by the payment's time, encoded by the sink's own format classes from Structs of {@link #SCHEMA}: the payment schema
 * with the ground truth added as the field {@value #LABEL} for evaluation.
 */
final class SinkLayout {
    static final String LABEL = "is_fraud";
    static final Schema SCHEMA = withLabel(FleetRecords.PAYMENT_SCHEMA);

    private static final FormatOptions OPTIONS = new FormatOptions(null, 1024 * 1024, 64 * 1024, false);
    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern(TrainingDataLayout.DEFAULT_PATH_FORMAT).withZone(ZoneOffset.UTC);

    /** A format and compression as the sink's {@code format} and {@code format.compression} settings name them. */
    enum Format {
        JSONL("jsonl", "none"),
        JSONL_GZIP("jsonl", "gzip"),
        PARQUET("parquet", "snappy"),
        TFRECORD("tfrecord", "none");

        private final String name;
        private final String compression;

        Format(String name, String compression) {
            this.name = name;
            this.compression = compression;
        }

        RecordFormat create() {
            return RecordFormats.create(name, compression, OPTIONS);
        }
    }

    private SinkLayout() {
    }

    /** Gzipped JSON Lines, as the fixture model was trained from. */
    static void write(Path root, String topic, List<SimulatedPayment> payments) throws IOException {
        write(root, topic, payments, Format.JSONL_GZIP);
    }

    /** Writes the files and returns them, sorted. */
    static List<Path> write(Path root, String topic, List<SimulatedPayment> payments, Format format) throws IOException {
        Map<String, List<SinkRecord>> byPartition = new TreeMap<>();
        for (int offset = 0; offset < payments.size(); offset++) {
            SimulatedPayment payment = payments.get(offset);
            String partition = PARTITION.format(Instant.ofEpochMilli((Long) payment.value().get("ts")));
            byPartition.computeIfAbsent(partition, p -> new ArrayList<>())
                    .add(new SinkRecord(topic, 0, null, null, SCHEMA, struct(payment), offset));
        }
        RecordFormat recordFormat = format.create();
        List<Path> files = new ArrayList<>();
        Extension extension = Extension.fromText(recordFormat.extension());
        for (Map.Entry<String, List<SinkRecord>> partition : byPartition.entrySet()) {
            Path file = root.resolve(TrainingDataLayout.objectName("topics", topic, partition.getKey(), 0,
                    partition.getValue().get(0).kafkaOffset(), extension));
            Files.createDirectories(file.getParent());
            writeFile(file, partition.getValue(), recordFormat);
            files.add(file);
        }
        return files;
    }

    /** One file of the payments, at offsets 0, 1, ... */
    static void writeFile(Path file, List<SimulatedPayment> payments, Format format) throws IOException {
        List<SinkRecord> records = new ArrayList<>();
        for (int offset = 0; offset < payments.size(); offset++) {
            records.add(new SinkRecord("payments", 0, null, null, SCHEMA, struct(payments.get(offset)), offset));
        }
        writeFile(file, records, format.create());
    }

    private static void writeFile(Path file, List<SinkRecord> records, RecordFormat format) throws IOException {
        try (RecordWriter writer = format.newWriter(Files.newOutputStream(file), SCHEMA)) {
            for (SinkRecord record : records) {
                writer.write(record);
            }
        }
    }

    static Struct struct(SimulatedPayment payment) {
        return struct(SCHEMA, payment.value()).put(LABEL, payment.fraud());
    }

    @SuppressWarnings("unchecked")
    private static Struct struct(Schema schema, Map<String, Object> values) {
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            Object value = values.get(field.name());
            if (value != null) {
                struct.put(field, field.schema().type() == Schema.Type.STRUCT
                        ? struct(field.schema(), (Map<String, Object>) value) : value);
            }
        }
        return struct;
    }

    private static Schema withLabel(Schema payment) {
        SchemaBuilder builder = SchemaBuilder.struct().name(payment.name());
        payment.fields().forEach(field -> builder.field(field.name(), field.schema()));
        return builder.field(LABEL, Schema.BOOLEAN_SCHEMA).build();
    }
}
