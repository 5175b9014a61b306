package io.fleetml.trainer;

import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.simulator.PaymentSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return TrainerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorsNameTheFlag() {
        assertEquals(TrainerMain.USAGE, run("--output", "/tmp/x"));
        assertTrue(err().startsWith("error: --input is required"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--epochs", "many"));
        assertTrue(err().startsWith("error: --epochs 'many' is not a whole number"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--validation-split", "1.5"));
        assertTrue(err().startsWith("error: --validation-split must be between 0 and 1"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--trim", "0.5"));
        assertTrue(err().startsWith("error: --trim must be at least 0 and below 0.5, got 0.5"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--features", "log2(amount)"));
        assertTrue(err().contains("--features") && err().contains("unknown function 'log2'"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--layer", "4"));
        assertTrue(err().startsWith("error: unknown option '--layer'"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "gs://Fleet_Data/topics", "--output", "b"));
        assertTrue(err().startsWith("error: Invalid value gs://Fleet_Data/topics for configuration --input: "
                + "'Fleet_Data' is not a valid bucket name"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--gcs-endpoint", "http://127.0.0.1:1"));
        assertTrue(err().startsWith("error: --gcs-endpoint is given, but neither --input nor --output is a gs:// location"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--file-delim", "0"));
        assertTrue(err().startsWith("error: --file-delim must hold no digit"), err());
    }

    @Test
    void filesNotReadAreListedWithTheReasonAndAnInputWithoutFilesInTheRangeFails(@TempDir Path dir) throws Exception {
        SinkLayout.write(dir, "payments", new PaymentSimulator(1, 5).payments(50));
        long sinkFiles;
        try (Stream<Path> files = Files.walk(dir)) {
            sinkFiles = files.filter(Files::isRegularFile).count();
        }
        Path avro = dir.resolve("topics/payments/dt=2025-11-24/hour=08/payments+0+00000000000000000100.avro");
        Files.createDirectories(avro.getParent());
        Files.write(avro, new byte[] {'O', 'b', 'j', 1});
        Path topics = dir.resolve("topics");
        assertEquals(TrainerMain.FAILED, run("--input", topics.toString(), "--output", dir.resolve("models").toString(),
                "--from", "2030-01-01"));
        assertTrue(err().contains("ignored " + avro + ": not a .jsonl, .jsonl.gz, .parquet or .tfrecord file\n"), err());
        assertTrue(err().contains("ignored " + sinkFiles + " files outside the --from/--to range\n"), err());
        assertTrue(err().contains("error: --input " + topics + " has no .jsonl, .jsonl.gz, .parquet or .tfrecord files "
                + "in the --from/--to range"), err());
        assertTrue(Files.notExists(dir.resolve("models")));
    }

    @Test
    void eachRunPublishesTheNextVersionAndCountsSkippedRecords(@TempDir Path dir) throws Exception {
        SinkLayout.write(dir, "payments", new PaymentSimulator(1, 20).payments(400));
        Path models = dir.resolve("models");
        String[] args = {"--input", dir.toString(), "--output", models.toString(), "--epochs", "2",
                "--layers", "4,2,4", "--features", "amount, vehicle.speed, vehicle.odometer_km"};
        assertEquals(TrainerMain.OK, run(args), err());
        assertEquals(TrainerMain.OK, run(args), err());
        assertTrue(Files.isRegularFile(models.resolve("1/saved_model.pb")));
        assertTrue(Files.isRegularFile(models.resolve("2/fleetml-model.json")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("model " + models.resolve("2")));

        err.reset();
        // No simulated payment has a tyre pressure, so every record is skipped and nothing is left to train on.
        assertEquals(TrainerMain.FAILED, run("--input", dir.toString(), "--output", models.toString(),
                "--features", "amount, vehicle.tyre_pressure"));
        assertTrue(err().contains("skipped 400: feature 'vehicle.tyre_pressure': field 'vehicle.tyre_pressure' is missing"), err());
        assertTrue(err().contains("error: no record in "), err());
        assertTrue(Files.notExists(models.resolve("3")));
    }

    @Test
    void aRecordBeyondTheFloatRangeIsSkippedAndCountedInsteadOfStoppingTheTraining(@TempDir Path dir) throws Exception {
        SinkLayout.write(dir, "payments", new PaymentSimulator(1, 20).payments(400));
        Path huge = dir.resolve("topics/payments/dt=2025-11-24/hour=08/payments+0+00000000000000009999.jsonl");
        Files.createDirectories(huge.getParent());
        Files.writeString(huge, "{\"amount\": 1e300, \"vehicle\": {\"speed\": 40.0, \"odometer_km\": 1200.0}}\n");
        Path models = dir.resolve("models");
        assertEquals(TrainerMain.OK, run("--input", dir.toString(), "--output", models.toString(), "--epochs", "2",
                "--layers", "4,2,4", "--features", "amount, vehicle.speed, vehicle.odometer_km"), err());
        assertTrue(err().contains("skipped 1: feature 'amount' is beyond the range of a float"), err());
        assertTrue(Files.isRegularFile(models.resolve("1/fleetml-model.json")));
    }

    /** 300 records with features x and y and an id; every tenth is fraud, far from the others. */
    private static Path labeledRecords(Path dir, boolean withLabelField) throws IOException {
        Random random = new Random(3);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            boolean fraud = i % 10 == 0;
            double shift = fraud ? 8 : 0;
            lines.append(String.format(Locale.ROOT, "{\"id\": \"p-%d\", \"x\": %f, \"y\": %f%s}%n", i,
                    random.nextGaussian() + shift, random.nextGaussian() - shift,
                    withLabelField ? ", \"is_fraud\": " + (fraud ? 1 : 0) : ""));
        }
        Path input = dir.resolve("input");
        Files.createDirectories(input);
        Files.writeString(input.resolve("payments+0+0.jsonl"), lines);
        return input;
    }

    @Test
    void recordsLabeledFraudAreLeftOutOfTrainingAndAllEvaluated(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        assertEquals(TrainerMain.OK, run("--input", labeledRecords(dir, true).toString(), "--output", models.toString(),
                "--epochs", "2", "--layers", "2", "--features", "x, y", "--label-field", "is_fraud"), err());
        Map<String, Double> metrics = ModelMetadata.read(models.resolve("1/fleetml-model.json")).metrics();
        // 270 normal records: 54 validate, 216 train; the 30 frauds are only evaluated.
        assertEquals(216.0, metrics.get("train_records"), metrics.toString());
        assertEquals(54.0, metrics.get("validation_records"), metrics.toString());
        assertEquals(30.0, metrics.get("fraud_records"), metrics.toString());
        assertEquals(84.0, metrics.get("labeled_records"), metrics.toString());
    }

    @Test
    void aLabelsFileJoinedByIdLeavesItsFraudOutOfTrainingAndOtherRecordsUnlabeled(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,chargeback\n");
        for (int i = 0; i < 300; i += 5) {
            csv.append("p-").append(i).append(',').append(i % 10 == 0 ? "yes" : "no").append('\n');
        }
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, csv);
        Path models = dir.resolve("models");
        assertEquals(TrainerMain.OK, run("--input", labeledRecords(dir, false).toString(), "--output", models.toString(),
                "--epochs", "2", "--layers", "2", "--features", "x, y", "--labels-file", labels.toString(),
                "--id-field", "id", "--label-field", "chargeback", "--normal-label", "no", "--fraud-label", "yes"), err());
        assertTrue(err().contains("read labels of 60 ids from " + labels), err());
        Map<String, Double> metrics = ModelMetadata.read(models.resolve("1/fleetml-model.json")).metrics();
        assertEquals(216.0, metrics.get("train_records"), metrics.toString());
        assertEquals(30.0, metrics.get("fraud_records"), metrics.toString());
    }

    @Test
    void labelOptionsThatDoNotFitTogetherAreUsageErrors() {
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--normal-label", "ok"));
        assertTrue(err().startsWith("error: --normal-label is given without --label-field"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--label-field", "c", "--labels-file", "l.csv"));
        assertTrue(err().startsWith("error: --labels-file and --id-field go together"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--label-field", "c", "--fraud-label", "0"));
        assertTrue(err().startsWith("error: label value '0' is both in --normal-label and in --fraud-label"), err());
    }

    @Test
    void aLabelValueThatIsNeitherNormalNorFraudFailsTheRunNamingTheRecord(@TempDir Path dir) throws Exception {
        Path input = labeledRecords(dir, true);
        Files.writeString(input.resolve("payments+0+300.jsonl"), "{\"id\": \"p-300\", \"x\": 1, \"y\": 1, \"is_fraud\": \"yes\"}\n");
        assertEquals(TrainerMain.FAILED, run("--input", input.toString(), "--output", dir.resolve("models").toString(),
                "--epochs", "1", "--features", "x, y", "--label-field", "is_fraud"));
        assertTrue(err().contains("payments+0+300.jsonl record 1, field 'is_fraud' (--label-field): the label is neither"),
                err());
    }

    @Test
    void thresholdForAPrecisionIsPlacedOnTheLabeledRecordsAndRecordedWithWhatItGives(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        assertEquals(TrainerMain.OK, run("--input", labeledRecords(dir, true).toString(), "--output", models.toString(),
                "--epochs", "2", "--layers", "2", "--features", "x, y", "--label-field", "is_fraud",
                "--threshold-for", "precision=0.9"), err());
        ModelMetadata metadata = ModelMetadata.read(models.resolve("1/fleetml-model.json"));
        Map<String, Double> metrics = metadata.metrics();
        assertEquals(0.9, metrics.get("threshold_target_precision"), metrics.toString());
        assertTrue(metrics.get("precision") >= 0.9, metrics.toString());
        assertTrue(!metrics.containsKey("threshold_percentile"), metrics.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("(precision at least 0.9 on 84 labeled records)"),
                out.toString(StandardCharsets.UTF_8));

        err.reset();
        assertEquals(TrainerMain.USAGE, run("--input", "a", "--output", "b", "--threshold-for", "recall=0.8"));
        assertTrue(err().startsWith("error: --threshold-for needs --label-field"), err());
    }
}
