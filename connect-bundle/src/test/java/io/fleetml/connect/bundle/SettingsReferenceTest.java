package io.fleetml.connect.bundle;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code docs/settings/} is what the build generates from the plugins' ConfigDefs ({@link SettingsReference}), file
 * for file, with no file beside them.
 */
class SettingsReferenceTest {
    private static final Path DOCS = Path.of("..", "docs", "settings");
    private static final String REGENERATE = "docs/settings is stale: regenerate it with "
            + "mvn -B -pl connect-bundle -am process-test-classes -Dsettings.update";

    @Test
    void docsSettingsMatchTheConfigDefs() throws IOException {
        Map<String, String> expected = SettingsReference.files();
        List<String> present;
        try (Stream<Path> files = Files.list(DOCS)) {
            present = files.map(file -> file.getFileName().toString()).sorted().toList();
        }
        assertEquals(expected.keySet().stream().sorted().toList(), present, REGENERATE);
        for (Map.Entry<String, String> file : expected.entrySet()) {
            assertEquals(file.getValue(), Files.readString(DOCS.resolve(file.getKey()), StandardCharsets.UTF_8),
                    file.getKey() + ": " + REGENERATE);
        }
    }
}
