package io.fleetml.it;

import org.apache.kafka.tools.ConnectPluginPath;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka's own {@code connect-plugin-path list} finds every plugin of the archive, loadable and with a service manifest. */
class ConnectPluginPathIT {
    @Test
    void archiveHasManifestLibDocAndEtc() {
        assertTrue(Files.isRegularFile(Bundle.component().resolve("manifest.json")));
        assertTrue(Files.isRegularFile(Bundle.component().resolve("doc/README.md")));
        assertTrue(Files.isRegularFile(Bundle.component().resolve("doc/LICENSE")));
        assertTrue(Files.isRegularFile(Bundle.component().resolve("etc/pii-mask-transforms.json")));
        assertTrue(Files.isRegularFile(Bundle.component().resolve("lib/pii-mask-smt-" + Bundle.VERSION + ".jar")));
        assertTrue(Files.isRegularFile(Bundle.component().resolve("lib/fraud-score-smt-" + Bundle.VERSION + ".jar")));
        // The testkit puts fleetml-common on the test classpath too, where a plugin missing it would still find it.
        assertTrue(Files.isRegularFile(Bundle.component().resolve("lib/fleetml-common-" + Bundle.VERSION + ".jar")));
        // The native library comes only through a classifier dependency, which is the one easily lost in packaging.
        assertTrue(Files.isRegularFile(Bundle.component().resolve("lib/tensorflow-core-native-"
                + Bundle.TENSORFLOW_VERSION + "-linux-x86_64.jar")));
    }

    @Test
    void everyPluginIsListedLoadableWithManifestAndBundleVersion() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConnectPluginPath.mainNoExit(new String[] {"list", "--plugin-location", Bundle.component().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        List<String> header = Arrays.asList(table.lines().findFirst().orElseThrow().split("\t"));
        for (String plugin : Bundle.PLUGINS.keySet()) {
            List<String> row = table.lines().map(line -> Arrays.asList(line.split("\t")))
                    .filter(cells -> cells.get(0).equals(plugin)).findFirst().orElse(List.of());
            assertFalse(row.isEmpty(), plugin + " missing from:\n" + table);
            assertEquals(Bundle.VERSION, row.get(header.indexOf("pluginVersion")), "version of " + plugin);
            assertEquals(Bundle.PLUGINS.get(plugin), row.get(header.indexOf("pluginType")), "type of " + plugin);
            assertEquals("true", row.get(header.indexOf("isLoadable")), "loadable: " + row);
            assertEquals("true", row.get(header.indexOf("hasManifest")), "service manifest (KIP-898): " + row);
        }
    }
}
