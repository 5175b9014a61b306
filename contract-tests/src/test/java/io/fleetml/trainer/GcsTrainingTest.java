package io.fleetml.trainer;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.fleetml.connect.common.SlashPaths;
import io.fleetml.connect.fraud.FraudScore;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;
import io.fleetml.testkit.gcs.EmulatedGcsBucket;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trains from sink objects in the GCS emulator and publishes into it, through the real google-cloud-storage client;
 * FraudScore then scores with the published version straight from the bucket.
 */
class GcsTrainingTest {
    private static final String BUCKET = "fleet-data";
    private static final String FEATURES = "amount, vehicle.speed, vehicle.odometer_km";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    @RegisterExtension
    final EmulatedGcsBucket bucket = new EmulatedGcsBucket(BUCKET);

    private int run(String... args) {
        return TrainerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void put(String name, byte[] content) {
        bucket.storage().create(BlobInfo.newBuilder(BUCKET, name).build(), content);
    }

    @Test
    void trainsFromTheSinkObjectsInRangeAndPublishesTheNextVersionWithItsMetadataLast(@TempDir Path dir) throws Exception {
        List<SimulatedPayment> payments = new PaymentSimulator(11, 20).payments(400);
        Path local = dir.resolve("written");
        List<Path> files = SinkLayout.write(local, "payments", payments, SinkLayout.Format.PARQUET);
        for (Path file : files) {
            put(SlashPaths.relative(local, file), Files.readAllBytes(file));
        }
        put("topics/payments/_README.txt", "what this topic holds".getBytes(StandardCharsets.UTF_8));
        // A version an earlier run left half-uploaded: its number is taken, and it is not complete.
        put("models/payments/3/saved_model.pb", new byte[] {1, 2, 3});

        LocalDate firstDay = LocalDate.ofInstant(Instant.ofEpochMilli(PaymentSimulator.START_MS), ZoneOffset.UTC);
        String from = firstDay.plusDays(1).toString();
        String to = firstDay.plusDays(3).toString();
        List<Path> inRange = files.stream().filter(f -> {
            String day = f.getParent().getParent().getFileName().toString().substring("dt=".length());
            return day.compareTo(from) >= 0 && day.compareTo(to) < 0;
        }).toList();
        assertTrue(inRange.size() > 1 && inRange.size() < files.size(), inRange.size() + " of " + files.size());

        assertEquals(TrainerMain.OK, run("--input", "gs://" + BUCKET + "/topics/payments",
                "--output", "gs://" + BUCKET + "/models/payments", "--from", from, "--to", to,
                "--gcs-endpoint", bucket.emulator().endpoint(), "--gcs-project", "fleetml-test",
                "--epochs", "2", "--layers", "4,2,4", "--features", FEATURES), err());

        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("model gs://fleet-data/models/payments/4/\n"), out.toString());
        assertTrue(err().contains("ignored gs://fleet-data/topics/payments/_README.txt: not a .jsonl, .jsonl.gz, .parquet "
                + "or .tfrecord file\n"), err());
        assertTrue(err().contains("ignored " + (files.size() - inRange.size()) + " files outside the --from/--to range\n"), err());
        for (Path file : inRange) {
            assertTrue(err().contains("read gs://fleet-data/" + SlashPaths.relative(local, file) + ": "), file + "\n" + err());
        }
        assertEquals(inRange.size(), err().lines().filter(line -> line.startsWith("read gs://")).count(), err());

        Map<String, Long> generations = new HashMap<>();
        Path downloaded = dir.resolve("downloaded");
        for (Blob blob : bucket.storage().list(BUCKET, Storage.BlobListOption.prefix("models/payments/4/")).iterateAll()) {
            String name = blob.getName().substring("models/payments/4/".length());
            generations.put(name, blob.getGeneration());
            Files.createDirectories(downloaded.resolve(name).getParent());
            blob.downloadTo(downloaded.resolve(name));
        }
        assertEquals(Map.of(), withoutKeys(generations, "saved_model.pb", "variables/variables.index",
                "variables/variables.data-00000-of-00001", ModelMetadata.FILE_NAME));
        long metadataGeneration = generations.remove(ModelMetadata.FILE_NAME);
        generations.forEach((name, generation) ->
                assertTrue(generation < metadataGeneration, name + " was uploaded after " + ModelMetadata.FILE_NAME));

        ModelMetadata metadata = ModelMetadata.read(downloaded.resolve(ModelMetadata.FILE_NAME));
        assertEquals("4", metadata.version());
        assertEquals(List.of("amount", "vehicle.speed", "vehicle.odometer_km"), metadata.features());
        double[] scores = SavedModelScorer.score(downloaded, payments.subList(0, 10));
        assertEquals(10, scores.length);
        for (double score : scores) {
            assertTrue(Double.isFinite(score) && score >= 0, Double.toString(score));
        }
        assertNull(bucket.storage().get(BUCKET, "models/payments/3/" + ModelMetadata.FILE_NAME), "the half-uploaded version stays incomplete");
        assertScoresFromGcsAsDownloaded("gs://" + BUCKET + "/models/payments/", downloaded, payments.subList(0, 100), dir.resolve("cache"));
    }

    /** FraudScore pointed at the model root the trainer published to finds the new version and scores as its files do. */
    private void assertScoresFromGcsAsDownloaded(String modelRoot, Path downloaded, List<SimulatedPayment> payments, Path cache) {
        try (FraudScore.Value<SourceRecord> fromGcs = new FraudScore.Value<>();
             FraudScore.Value<SourceRecord> fromFiles = new FraudScore.Value<>()) {
            fromGcs.configure(Map.of("model.path", modelRoot, "gcs.endpoint", bucket.emulator().endpoint(),
                    "model.cache.dir", cache.toString(), "model.refresh.interval.ms", "0", "engine", "tensorflow"));
            fromFiles.configure(Map.of("model.path", downloaded.toString(), "engine", "tensorflow"));
            for (SimulatedPayment payment : payments) {
                Map<?, ?> scored = (Map<?, ?>) fromGcs.apply(record(payment)).value();
                assertEquals("4", scored.get("fraud_model_version"));
                assertEquals(((Map<?, ?>) fromFiles.apply(record(payment)).value()).get("fraud_score"), scored.get("fraud_score"));
            }
        }
    }

    private static SourceRecord record(SimulatedPayment payment) {
        return new SourceRecord(null, null, "payments", 0, null, payment.value());
    }

    private static Map<String, Long> withoutKeys(Map<String, Long> map, String... keys) {
        Map<String, Long> rest = new HashMap<>(map);
        for (String key : keys) {
            assertTrue(rest.remove(key) != null, "missing " + key + " in " + map.keySet());
        }
        return rest;
    }

    @Test
    void aMissingBucketFailsNamingTheInput(@TempDir Path dir) {
        assertEquals(TrainerMain.FAILED, run("--input", "gs://no-such-bucket/topics/payments",
                "--output", dir.resolve("models").toString(), "--gcs-endpoint", bucket.emulator().endpoint()));
        assertTrue(err().startsWith("error: cannot list --input gs://no-such-bucket/topics/payments/: "), err());
    }
}
