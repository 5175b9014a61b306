package io.fleetml.connect.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoriesTest {
    @TempDir
    Path dir;

    @Test
    void deletesATreeAndToleratesOneThatIsNotThere() throws Exception {
        Path root = dir.resolve("model");
        Files.createDirectories(root.resolve("variables"));
        Files.writeString(root.resolve("saved_model.pb"), "graph");
        Files.writeString(root.resolve("variables").resolve("variables.index"), "index");
        Directories.deleteTree(root);
        assertFalse(Files.exists(root));
        Directories.deleteTree(root);
        assertTrue(Files.isDirectory(dir), "only the tree named is deleted");
    }
}
