package io.fleetml.model.repository;

import io.fleetml.model.metadata.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model-root layout on the local file system: staged, renamed into place, listed and opened where it is. */
class LocalModelRepositoryTest {
    @Test
    void aPublishedVersionIsRenamedIntoPlaceAndAnUnpublishedOneRemoved(@TempDir Path root) throws IOException {
        try (LocalModelRepository repository = new LocalModelRepository(root)) {
            assertEquals(1, repository.nextVersion());
            Path staged = repository.stage(1);
            Files.writeString(staged.resolve("saved_model.pb"), "model");
            assertEquals(root.resolve("1").toString(), repository.publish(staged, 1));
        }
        assertTrue(Files.isRegularFile(root.resolve("1/saved_model.pb")));

        Path abandoned;
        try (LocalModelRepository repository = new LocalModelRepository(root)) {
            assertEquals(2, repository.nextVersion());
            abandoned = repository.stage(2);
            Files.writeString(abandoned.resolve("saved_model.pb"), "half");
        }
        assertFalse(Files.exists(abandoned));
        assertFalse(Files.exists(root.resolve("2")));
        assertTrue(Files.isRegularFile(root.resolve("1/saved_model.pb")));
    }

    @Test
    void everyNumberedDirectoryIsAVersionListedLowestFirstAndAStagingOneIsNone(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("2"));
        Files.createDirectories(root.resolve("10"));
        Files.createDirectories(root.resolve("notes"));
        try (LocalModelRepository repository = new LocalModelRepository(root)) {
            repository.stage(11);
            ModelRootListing listing = repository.list();
            assertEquals(List.of(2L, 10L), listing.versions().stream().map(ModelVersion::number).toList());
            assertEquals(11, listing.nextVersion());
            ModelVersion latest = listing.latest().orElseThrow();
            assertEquals(root.resolve("10"), repository.open(latest, null), "a local version is read where it is");
        }
    }

    @Test
    void aVersionsStampChangesWhenItsFilesDo(@TempDir Path root) throws IOException {
        Path version = Files.createDirectories(root.resolve("1"));
        Files.writeString(version.resolve(ModelRepository.SAVED_MODEL_FILE), "copying");
        LocalModelRepository repository = new LocalModelRepository(root);
        String before = repository.list().latest().orElseThrow().stamp();
        Files.writeString(version.resolve(ModelMetadata.FILE_NAME), "{}");
        assertNotEquals(before, repository.list().latest().orElseThrow().stamp());
    }

    @Test
    void aRootThatIsASavedModelIsOneWholeVersionAndAMissingOneStartsAtOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(ModelRepository.SAVED_MODEL_FILE), "whole");
        ModelRootListing savedModel = new LocalModelRepository(dir).list();
        assertTrue(savedModel.savedModel());
        assertEquals(new ModelVersion(0, dir.toString(), savedModel.whole().stamp()), savedModel.whole());

        ModelRootListing missing = new LocalModelRepository(dir.resolve("absent")).list();
        assertTrue(missing.empty());
        assertEquals(1, missing.nextVersion());
        assertEquals(List.of(), missing.versions());
    }
}
