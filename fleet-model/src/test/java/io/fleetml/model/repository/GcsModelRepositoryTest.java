package io.fleetml.model.repository;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.fleetml.connect.common.gcp.GcsLocation;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.testkit.gcs.EmulatedGcsBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model-root layout under a gs:// prefix, through the real google-cloud-storage client against the emulator. */
class GcsModelRepositoryTest {
    private static final String BUCKET = "fleet-data";

    @RegisterExtension
    final EmulatedGcsBucket bucket = new EmulatedGcsBucket(BUCKET);

    private void put(String name, byte[] content) {
        bucket.storage().create(BlobInfo.newBuilder(BUCKET, name).build(), content);
    }

    private GcsModelRepository repository(String prefix) {
        return new GcsModelRepository(bucket.storage(), GcsLocation.parse("gs://" + BUCKET + "/" + prefix, "--output"));
    }

    /** A staged model as the trainer exports it: a SavedModel's files and the metadata. */
    private static Path model(GcsModelRepository repository, long version, String content) throws IOException {
        Path staged = repository.stage(version);
        Files.writeString(staged.resolve(ModelRepository.SAVED_MODEL_FILE), content);
        Files.createDirectories(staged.resolve("variables"));
        Files.writeString(staged.resolve("variables/variables.index"), content);
        Files.writeString(staged.resolve(ModelMetadata.FILE_NAME), "{}");
        return staged;
    }

    @Test
    void publishedVersionsAreListedLowestFirstAndOpenWithTheirFiles(@TempDir Path scratch) throws IOException {
        try (GcsModelRepository repository = repository("models")) {
            assertEquals(1, repository.nextVersion());
            assertEquals("gs://fleet-data/models/1/", repository.publish(model(repository, 1, "first"), 1));
            assertEquals("gs://fleet-data/models/2/", repository.publish(model(repository, 2, "second"), 2));
        }
        try (GcsModelRepository repository = repository("models")) {
            ModelRootListing listing = repository.list();
            assertEquals(List.of(1L, 2L), listing.versions().stream().map(ModelVersion::number).toList());
            assertEquals(3, listing.nextVersion());
            assertFalse(listing.savedModel());
            ModelVersion latest = listing.latest().orElseThrow();
            assertEquals("gs://fleet-data/models/2/", latest.location());

            Path opened = repository.open(latest, scratch.resolve("2"));
            assertEquals("second", Files.readString(opened.resolve(ModelRepository.SAVED_MODEL_FILE)));
            assertEquals("second", Files.readString(opened.resolve("variables/variables.index")));
            assertTrue(Files.isRegularFile(opened.resolve(ModelMetadata.FILE_NAME)));
        }
    }

    @Test
    void aVersionCountsOnlyOnceItsMetadataExistsButKeepsItsNumber() throws IOException {
        put("models/1/saved_model.pb", "one".getBytes(StandardCharsets.UTF_8));
        put("models/1/" + ModelMetadata.FILE_NAME, "{}".getBytes(StandardCharsets.UTF_8));
        put("models/2/saved_model.pb", "half".getBytes(StandardCharsets.UTF_8));
        try (GcsModelRepository repository = repository("models")) {
            assertEquals(List.of(1L), repository.list().versions().stream().map(ModelVersion::number).toList());
            assertEquals(3, repository.nextVersion(), "a half-uploaded version keeps its number");

            put("models/2/" + ModelMetadata.FILE_NAME, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(2, repository.list().latest().orElseThrow().number());
        }
    }

    @Test
    void aVersionWhoseFilesChangedSinceTheListingIsNotDownloaded(@TempDir Path scratch) throws IOException {
        put("models/1/saved_model.pb", "one".getBytes(StandardCharsets.UTF_8));
        put("models/1/" + ModelMetadata.FILE_NAME, "{}".getBytes(StandardCharsets.UTF_8));
        try (GcsModelRepository repository = repository("models")) {
            ModelVersion listed = repository.list().latest().orElseThrow();
            put("models/1/saved_model.pb", "replaced".getBytes(StandardCharsets.UTF_8));

            IOException e = assertThrows(IOException.class, () -> repository.open(listed, scratch.resolve("1")));
            assertEquals("gs://fleet-data/models/1/ changed while it was being downloaded", e.getMessage());
        }
    }

    @Test
    void aPrefixThatIsASavedModelIsOneWholeVersionAndAMissingBucketIsNamed() throws IOException {
        put("single/saved_model.pb", "whole".getBytes(StandardCharsets.UTF_8));
        try (GcsModelRepository repository = repository("single")) {
            ModelRootListing listing = repository.list();
            assertTrue(listing.savedModel());
            assertEquals(List.of(), listing.versions());
            assertEquals(0, listing.whole().number());
        }
        try (GcsModelRepository repository = new GcsModelRepository(bucket.storage(),
                GcsLocation.parse("gs://no-such-bucket/models", "--output"))) {
            IOException e = assertThrows(IOException.class, repository::list);
            assertEquals("the bucket 'no-such-bucket' does not exist", e.getMessage());
        }
    }

    @Test
    void aVersionNumberTakenMeanwhileFailsThePublishInsteadOfMixingFiles(@TempDir Path staged) throws IOException {
        Files.writeString(staged.resolve("saved_model.pb"), "mine");
        Files.createDirectories(staged.resolve("variables"));
        Files.writeString(staged.resolve("variables/variables.index"), "mine");
        Files.writeString(staged.resolve(ModelMetadata.FILE_NAME), "{}");
        try (GcsModelRepository repository = new GcsModelRepository(bucket.storage(),
                GcsLocation.parse("gs://" + BUCKET + "/models/payments", "--output"))) {
            assertEquals(1, repository.nextVersion());
            put("models/payments/1/saved_model.pb", "another run's".getBytes(StandardCharsets.UTF_8));

            IOException e = assertThrows(IOException.class, () -> repository.publish(staged, 1));
            assertEquals("gs://fleet-data/models/payments/1/saved_model.pb already exists: another run is publishing "
                    + "version 1; run again to publish the next one", e.getMessage());
            assertArrayEquals("another run's".getBytes(StandardCharsets.UTF_8),
                    bucket.storage().readAllBytes(BUCKET, "models/payments/1/saved_model.pb"));
            assertNull(bucket.storage().get(BUCKET, "models/payments/1/" + ModelMetadata.FILE_NAME));
            assertEquals(2, repository.nextVersion());
        }
    }

    @Test
    void aStagedVersionThatIsNeverPublishedIsDeletedOnClose() throws IOException {
        Path staging;
        try (GcsModelRepository repository = new GcsModelRepository(bucket.storage(),
                GcsLocation.parse("gs://" + BUCKET + "/models", "--output"))) {
            staging = repository.stage(repository.nextVersion());
            Files.writeString(staging.resolve("saved_model.pb"), "half");
        }
        assertFalse(Files.exists(staging));
        try (Stream<Blob> none = bucket.storage().list(BUCKET).streamAll()) {
            assertEquals(0, none.count());
        }
    }
}
