package io.fleetml.connect.fraud;

import ch.qos.logback.classic.Level;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.simulator.FleetRecords;
import io.fleetml.testkit.gcs.GcsEmulator;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models in Cloud Storage: test models uploaded to the testkit's GCS emulator over HTTP, read by the transform through
 * the real google-cloud-storage client. Access denied and download failures are the emulator's own injected HTTP
 * errors. That the trainer's published models score from GCS is the trainer's own test.
 */
class GcsModelTest {
    private static final String BUCKET = "models";
    private static final FleetRecords RECORDS = new FleetRecords(3);

    private static GcsEmulator emulator;
    private static Storage storage;
    @TempDir
    static Path models;
    private static Path payments1;
    private static Path payments2;

    @TempDir
    Path cache;

    private final FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>();
    private final FraudScore.Value<SourceRecord> reference = new FraudScore.Value<>();
    @RegisterExtension
    final CapturedLog slotLog = CapturedLog.of(ModelSlot.class);

    @BeforeAll
    static void startEmulator() {
        payments1 = PaymentModels.export(3, PaymentModels.DEFAULT_FEATURES, "1", models.resolve("v1"));
        payments2 = PaymentModels.export(5, PaymentModels.DEFAULT_FEATURES, "payments-v2", models.resolve("v2"));
        emulator = new GcsEmulator().start();
        emulator.createBucket(BUCKET);
        storage = emulator.client();
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        storage.close();
        emulator.close();
    }

    @AfterEach
    void close() {
        transform.close();
        reference.close();
    }

    @Test
    void aModelScoresFromGcsAsFromItsLocalDirectory() {
        upload(payments1, "scoring/1/");
        transform.configure(gcs("gs://models/scoring/", Map.of("engine", "tensorflow")));
        reference.configure(Map.of("model.path", payments1.toString(), "engine", "tensorflow"));
        for (int i = 0; i < 100; i++) {
            Map<?, ?> out = scored(transform, i);
            assertEquals("1", out.get("fraud_model_version"));
            assertEquals(scored(reference, i).get("fraud_score"), out.get("fraud_score"), "payment " + i);
        }
    }

    @Test
    void aGcsLocationThatIsASavedModelItselfAndAGcsChallengerScore() {
        upload(payments1, "single/");
        upload(payments2, "challenger/7/");
        transform.configure(gcs("gs://models/single", Map.of("challenger.model.path", "gs://models/challenger/")));
        reference.configure(Map.of("model.path", payments2.toString()));
        Map<?, ?> out = scored(transform, 0);
        assertEquals("1", out.get("fraud_model_version"));
        assertEquals(scored(reference, 0).get("fraud_score"), out.get("fraud_score_challenger"));
    }

    @Test
    void aVersionUploadedWhileRunningScoresOnceItsMetadataIsThereAndNotBefore() throws IOException {
        upload(payments1, "rolling/1/");
        transform.configure(gcs("gs://models/rolling/", Map.of()));
        assertEquals("1", scored(transform, 0).get("fraud_model_version"));

        uploadAllBut(payments2, "rolling/2/", ModelMetadata.FILE_NAME);
        transform.refreshNow();
        assertEquals("1", scored(transform, 1).get("fraud_model_version"), "version 2 has no fleetml-model.json yet");
        assertEquals(List.of(), errors(), "a version still being uploaded is not an error");

        put("rolling/2/" + ModelMetadata.FILE_NAME, Files.readAllBytes(payments2.resolve(ModelMetadata.FILE_NAME)));
        transform.refreshNow();
        reference.configure(Map.of("model.path", payments2.toString()));
        for (int i = 2; i < 20; i++) {
            Map<?, ?> out = scored(transform, i);
            assertEquals("payments-v2", out.get("fraud_model_version"));
            assertEquals(scored(reference, i).get("fraud_score"), out.get("fraud_score"));
        }
    }

    @Test
    void withOnMissingModelPassAnEmptyPrefixWaitsForTheFirstCompleteVersion() {
        transform.configure(gcs("gs://models/first-run/", Map.of("on.missing.model", "pass",
                "model.refresh.interval.ms", "600000")));
        SourceRecord unscored = transform.apply(record(0));
        assertEquals(RECORDS.paymentMap(0), unscored.value());
        assertTrue(unscored.headers().lastWithName(FraudScore.SKIPPED_HEADER).value().toString()
                .startsWith("no model version yet in gs://models/first-run/"));

        uploadAllBut(payments1, "first-run/1/", ModelMetadata.FILE_NAME);
        transform.refreshNow();
        assertEquals(RECORDS.paymentMap(1), transform.apply(record(1)).value(), "version 1 is not complete yet");
        put("first-run/1/" + ModelMetadata.FILE_NAME, readAllBytes(payments1.resolve(ModelMetadata.FILE_NAME)));
        transform.refreshNow();
        assertEquals("1", scored(transform, 2).get("fraud_model_version"));
        assertEquals(List.of(), errors());
        String missingBucket = assertThrows(ConfigException.class, () -> transform.configure(
                gcs("gs://no-such-bucket/models/", Map.of("on.missing.model", "pass", "model.refresh.interval.ms", "1000"))))
                .getMessage();
        assertTrue(missingBucket.contains("model.path"), missingBucket);
    }

    @Test
    void aBrokenVersionIsRejectedOnceAndADownloadFailureIsLoggedOnceAndTriedAgain() throws IOException {
        upload(payments1, "faulty/1/");
        transform.configure(gcs("gs://models/faulty/", Map.of("gcs.retry.max.attempts", "1")));

        put("faulty/2/saved_model.pb", "not a protobuf".getBytes());
        put("faulty/2/" + ModelMetadata.FILE_NAME, Files.readAllBytes(payments2.resolve(ModelMetadata.FILE_NAME)));
        transform.refreshNow();
        transform.refreshNow();
        assertEquals("1", scored(transform, 0).get("fraud_model_version"));
        assertEquals(1, errors().size(), errors().toString());
        assertTrue(errors().get(0).startsWith("FraudScore: champion model version 2 in gs://models/faulty/2/ is "
                + "rejected, version 1 keeps scoring"), errors().get(0));

        upload(payments2, "faulty/3/");
        emulator.failNext(2, 503, request -> request.contains("alt=media"));
        transform.refreshNow();
        transform.refreshNow();
        assertEquals("1", scored(transform, 1).get("fraud_model_version"));
        assertEquals(2, errors().size(), errors().toString());
        assertTrue(errors().get(1).startsWith("FraudScore: champion model version 3 in gs://models/faulty/3/ cannot be "
                + "downloaded, version 1 keeps scoring; the download is tried again at every refresh: cannot download "
                + "gs://models/faulty/3/: "), errors().get(1));

        transform.refreshNow();
        assertEquals("payments-v2", scored(transform, 2).get("fraud_model_version"), "the emulator answers again");
        assertEquals(2, errors().size(), errors().toString());
    }

    @Test
    void aLocationWithoutAModelFailsAtConfigureNamingModelPath() throws IOException {
        assertEquals("Invalid value gs://no-such-bucket/payments/ for configuration model.path: the bucket "
                + "'no-such-bucket' does not exist", configureFails("gs://no-such-bucket/payments/"));
        assertEquals("Invalid value gs://models/nothing-here/ for configuration model.path: there is no object under it",
                configureFails("gs://models/nothing-here/"));

        put("notes/readme.txt", "no model here".getBytes());
        assertEquals("Invalid value gs://models/notes/ for configuration model.path: is not a SavedModel (it has no "
                + "saved_model.pb) nor a root of numbered versions (1/, 2/, ...)", configureFails("gs://models/notes/"));

        uploadAllBut(payments2, "half/1/", ModelMetadata.FILE_NAME);
        assertEquals("Invalid value gs://models/half/ for configuration model.path: none of its numbered versions is "
                + "complete: each lacks fleetml-model.json, which the trainer uploads last", configureFails("gs://models/half/"));

        uploadAllBut(payments2, "no-metadata/", ModelMetadata.FILE_NAME);
        assertEquals("Invalid value gs://models/no-metadata/ for configuration model.path: has no fleetml-model.json "
                + "beside saved_model.pb; the trainer writes the features, normalization and threshold there",
                configureFails("gs://models/no-metadata/"));

        emulator.failNext(1, 403, request -> request.startsWith("GET /storage/v1/b/models/o"));
        String denied = configureFails("gs://models/half/");
        assertTrue(denied.startsWith("Invalid value gs://models/half/ for configuration model.path: no access to list "
                + "it: "), denied);
    }

    @Test
    void aMalformedLocationFailsBeforeAnyRequest() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> transform.configure(gcs("gs://Models/payments/", Map.of())));
        assertTrue(e.getMessage().startsWith("Invalid value gs://Models/payments/ for configuration model.path: 'Models' "
                + "is not a valid bucket name"), e.getMessage());
    }

    @Test
    void eachInstanceDownloadsIntoItsOwnDirectoryWhichCloseDeletes() throws IOException {
        upload(payments1, "cached/1/");
        transform.configure(gcs("gs://models/cached/", Map.of()));
        reference.configure(gcs("gs://models/cached/", Map.of()));
        List<Path> instances = children(cache);
        assertEquals(2, instances.size(), instances.toString());
        for (Path instance : instances) {
            assertTrue(instance.getFileName().toString().startsWith("fraud-score-models-"), instance.toString());
            assertEquals(List.of(), children(instance.resolve("champion")), "a loaded version's files are deleted");
        }
        transform.close();
        reference.close();
        assertEquals(List.of(), children(cache));
    }

    @Test
    void aCacheDirectoryThatCannotBeMadeFailsNamingItsSetting() throws IOException {
        upload(payments1, "uncached/1/");
        Path file = Files.writeString(cache.resolve("a-file"), "not a directory");
        Map<String, String> props = new HashMap<>(gcs("gs://models/uncached/", Map.of()));
        props.put("model.cache.dir", file.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> transform.configure(props));
        assertTrue(e.getMessage().startsWith("Invalid value " + file + " for configuration model.cache.dir: cannot "
                + "create a directory for downloaded models there: "), e.getMessage());
    }

    private Map<String, String> gcs(String location, Map<String, String> more) {
        Map<String, String> props = new HashMap<>(Map.of("model.path", location, "gcs.endpoint", emulator.endpoint(),
                "model.cache.dir", cache.toString(), "model.refresh.interval.ms", "0"));
        props.putAll(more);
        return props;
    }

    private String configureFails(String location) {
        return assertThrows(ConfigException.class, () -> transform.configure(gcs(location, Map.of()))).getMessage();
    }

    /** Uploads a model directory as the trainer does: fleetml-model.json last, so the version is complete only then. */
    private static void upload(Path dir, String prefix) {
        uploadAllBut(dir, prefix, ModelMetadata.FILE_NAME);
        try {
            put(prefix + ModelMetadata.FILE_NAME, Files.readAllBytes(dir.resolve(ModelMetadata.FILE_NAME)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void uploadAllBut(Path dir, String prefix, String left) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(file).toString().replace('\\', '/');
                if (!name.equals(left)) {
                    put(prefix + name, Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(String name, byte[] data) {
        storage.create(BlobInfo.newBuilder(BUCKET, name).build(), data);
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.toList();
        }
    }

    private List<String> errors() {
        return slotLog.messages(Level.ERROR);
    }

    private static Map<?, ?> scored(FraudScore.Value<SourceRecord> smt, int i) {
        return (Map<?, ?>) smt.apply(record(i)).value();
    }

    private static SourceRecord record(int i) {
        return new SourceRecord(null, null, "payments", 0, null, RECORDS.paymentMap(i));
    }
}
