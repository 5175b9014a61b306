package io.fleetml.trainer;

import io.fleetml.simulator.PaymentSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
}
