package io.fleetml.trainer;

import io.fleetml.connect.common.layout.TrainingDataLayout;
import io.fleetml.connect.gcs.format.FormatOptions;
import io.fleetml.connect.gcs.format.RecordFormat;
import io.fleetml.connect.gcs.format.RecordFormats;
import io.fleetml.connect.gcs.format.RecordWriter;
import io.fleetml.model.features.Features;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The trainer reads the JSON lines the sink writes for a config made for Confluent's sink (format.class JsonFormat),
 * named .json and .json.gz, as it reads the sink's own .jsonl files.
 */
class ConfluentJsonNamesTest {
    private static final Features FEATURES = Features.parse(Features.PAYMENT_DEFAULTS, "features");
    private static final FormatOptions OPTIONS = new FormatOptions(null, 1024 * 1024, 64 * 1024, false);

    @Test
    void jsonAndJsonGzFilesGiveTheSameRecordsAsJsonLines(@TempDir Path dir) throws IOException {
        List<SimulatedPayment> payments = new PaymentSimulator(5, 10).payments(120);
        List<SimulatedPayment> first = payments.subList(0, 60);
        List<SimulatedPayment> second = payments.subList(60, 120);
        Path confluent = dir.resolve("confluent");
        write(confluent, RecordFormats.create("json", "none", OPTIONS), first, 0);
        write(confluent, RecordFormats.create("json", "gzip", OPTIONS), second, 60);
        Path own = dir.resolve("own");
        write(own, RecordFormats.create("jsonl", "none", OPTIONS), first, 0);
        write(own, RecordFormats.create("jsonl", "gzip", OPTIONS), second, 60);

        List<SinkFile> files = LocalSinkFile.below(confluent);
        assertEquals(List.of("payments+0+0000000000.json", "payments+0+0000000060.json.gz"),
                files.stream().map(file -> Path.of(file.location()).getFileName().toString()).toList());
        TrainingRecords read = read(files);
        TrainingRecords expected = read(LocalSinkFile.below(own));
        assertEquals(Map.of(), read.skipped());
        assertEquals(payments.size(), read.vectors().size());
        for (int i = 0; i < payments.size(); i++) {
            assertArrayEquals(expected.vectors().get(i), read.vectors().get(i), "record " + i);
        }
        assertArrayEquals(expected.labels(), read.labels());
    }

    @Test
    void aJsonFileNotNamedAsASinkObjectIsNotTakenForRecords() {
        assertEquals(Optional.empty(), SinkFileFormat.of("models/payments/1/fleetml-model.json", "+"));
        assertEquals(Optional.empty(), SinkFileFormat.of("topics/payments/schema.json.gz", "+"));
        assertEquals(Optional.of(SinkFileFormat.JSONL), SinkFileFormat.of("topics/payments/partition=0/payments+0+0000000000.json", "+"));
        assertEquals(Optional.of(SinkFileFormat.JSONL_GZIP), SinkFileFormat.of("payments+0+00000000000000000007.json.gz", "+"));
        assertEquals(Optional.of(SinkFileFormat.JSONL), SinkFileFormat.of("payments-0-0000000000.json", "-"), "with --file-delim -");
        assertEquals(Optional.empty(), SinkFileFormat.of("payments-0-0000000000.json", "+"), "not named as the sink names objects by default");
        assertEquals(Optional.empty(), SinkFileFormat.of("payments+0+0000000000.keys.parquet", "+"), "keys stored beside the values");
    }

    private static TrainingRecords read(List<SinkFile> files) throws IOException {
        return new SinkFileReader(FEATURES, new FieldLabels(SinkLayout.LABEL, LabelValues.defaults()), "+").read(files, progress -> { });
    }

    private static void write(Path root, RecordFormat format, List<SimulatedPayment> payments, long startOffset) throws IOException {
        Path file = root.resolve(TrainingDataLayout.objectName("topics", "payments", "partition=0", 0, startOffset,
                TrainingDataLayout.Extension.fromText(format.extension()), 10));
        Files.createDirectories(file.getParent());
        try (RecordWriter writer = format.newWriter(Files.newOutputStream(file), SinkLayout.SCHEMA)) {
            long offset = startOffset;
            for (SimulatedPayment payment : payments) {
                writer.write(new SinkRecord("payments", 0, null, null, SinkLayout.SCHEMA, SinkLayout.struct(payment), offset++));
            }
        }
    }
}
