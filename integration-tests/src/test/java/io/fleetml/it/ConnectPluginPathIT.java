package io.fleetml.it;

import org.apache.kafka.tools.ConnectPluginPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka's own {@code connect-plugin-path list} finds, in each archive's directory, every plugin of that archive and no
 * other, loadable and with a service manifest. One run lists all archives: the tool scans this JVM's class path too,
 * which takes the better part of a minute each time.
 */
class ConnectPluginPathIT {
    @Test
    void eachArchiveHoldsItsOwnPluginsLoadableWithManifestAndVersion() {
        List<String> args = new ArrayList<>(List.of("list"));
        for (Archive archive : Archive.values()) {
            args.addAll(List.of("--plugin-location", archive.directory().toString()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConnectPluginPath.mainNoExit(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        List<String> header = Arrays.asList(table.lines().findFirst().orElseThrow().split("\t"));
        assertTrue(header.contains("pluginLocation"), "columns: " + header);

        List<Executable> checks = new ArrayList<>();
        for (Archive archive : Archive.values()) {
            Path location = archive.directory().getFileName();
            Map<String, List<String>> rows = new TreeMap<>();
            table.lines().map(line -> Arrays.asList(line.split("\t")))
                    .filter(cells -> cells.size() == header.size() && cells.get(0).startsWith("io.fleetml.connect."))
                    .filter(cells -> Path.of(cells.get(header.indexOf("pluginLocation"))).endsWith(location))
                    .forEach(cells -> rows.put(cells.get(0), cells));
            checks.add(() -> assertEquals(new TreeMap<>(archive.plugins()).keySet(), rows.keySet(),
                    "the fleet-ml plugins listed in " + archive + ":\n" + table));
            rows.forEach((plugin, row) -> checks.add(() -> {
                assertEquals(Bundle.VERSION, row.get(header.indexOf("pluginVersion")), "version of " + plugin);
                assertEquals(archive.plugins().get(plugin), row.get(header.indexOf("pluginType")), "type of " + plugin);
                assertEquals("true", row.get(header.indexOf("isLoadable")), "loadable: " + row);
                assertEquals("true", row.get(header.indexOf("hasManifest")), "service manifest (KIP-898): " + row);
            }));
        }
        assertAll(checks);
    }
}
