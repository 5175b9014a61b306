package io.fleetml.model.repository;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
