package io.fleetml.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each plugin's Confluent Hub archive has its manifest, docs and examples, and only the jars its plugin needs: the
 * PII-mask archive stays a few megabytes without TensorFlow or a cloud or MQTT client, and each FraudScore archive
 * carries TensorFlow's native library for its own platform only.
 */
class ArchivesIT {
    private static final long PII_MASK_MAX_BYTES = 5L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Archive.class)
    void archiveHasItsManifestDocsAndPluginJars(Archive archive) throws IOException {
        Path dir = archive.directory();
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(archive.component(), manifest.path("name").asText());
        assertEquals(Bundle.VERSION, manifest.path("version").asText());
        assertEquals("fleetml", manifest.path("owner").path("username").asText());
        assertEquals("Apache License 2.0", manifest.path("license").path(0).path("name").asText());
        Set<String> types = new TreeSet<>();
        manifest.path("component_types").forEach(type -> types.add(type.asText()));
        Set<String> expected = archive.plugins().values().stream()
                .map(type -> type.equals("transformation") ? "transform" : type).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, types, "component types");
        assertTrue(manifest.path("documentation_url").asText().endsWith("/README.md"), manifest.path("documentation_url").asText());

        assertTrue(Files.isRegularFile(dir.resolve("doc/README.md")));
        assertTrue(Files.isRegularFile(dir.resolve("doc/LICENSE")));
        try (Stream<Path> settings = Files.list(dir.resolve("doc/settings"))) {
            assertEquals(1, settings.count(), "the settings reference of this plugin only");
        }
        try (Stream<Path> examples = Files.list(dir.resolve("etc"))) {
            assertTrue(examples.findAny().isPresent(), "a connector example in etc/");
        }
        Set<String> jars = jars(dir);
        // The testkit puts fleetml-common on the test classpath too, where a plugin missing it would still find it.
        assertTrue(jars.contains("fleetml-common-" + Bundle.VERSION + ".jar"), jars.toString());
        assertTrue(jars.contains("plugin-metrics-shim-" + Bundle.VERSION + ".jar"), jars.toString());
    }

    @Test
    void piiMaskArchiveIsUnderFiveMegabytesWithoutTensorFlowCloudOrMqttJars() throws IOException {
        Path zip = Path.of(System.getProperty("fleetml.archive.pii-mask"));
        assertTrue(Files.size(zip) < PII_MASK_MAX_BYTES, zip + " has " + Files.size(zip) + " bytes");
        Set<String> jars = jars(Archive.PII_MASK.directory());
        assertTrue(jars.contains("pii-mask-smt-" + Bundle.VERSION + ".jar"), jars.toString());
        assertTrue(Files.isRegularFile(Archive.PII_MASK.directory().resolve("etc/pii-mask-transforms.json")));
        for (String jar : jars) {
            assertFalse(jar.matches("(tensorflow|javacpp|google|grpc|proto|hivemq|netty|hadoop|parquet|avro).*"),
                    "the PII-mask archive carries " + jar);
        }
    }

    @Test
    void fraudScoreArchivesCarryTheNativeLibraryOfTheirPlatformOnly() throws IOException {
        String x86 = "tensorflow-core-native-" + Bundle.TENSORFLOW_VERSION + "-linux-x86_64.jar";
        String arm = "tensorflow-core-native-" + Bundle.TENSORFLOW_VERSION + "-linux-arm64.jar";
        Set<String> onX86 = jars(Archive.FRAUD_SCORE.directory());
        assertTrue(onX86.contains(x86), onX86.toString());
        assertFalse(onX86.contains(arm), onX86.toString());

        Set<String> onArm = new TreeSet<>();
        try (ZipFile zip = new ZipFile(System.getProperty("fleetml.archive.fraud-score-linux-arm64"))) {
            zip.stream().map(entry -> entry.getName().split("/"))
                    .filter(path -> path.length == 3 && path[1].equals("lib") && path[2].endsWith(".jar"))
                    .forEach(path -> onArm.add(path[2]));
        }
        assertTrue(onArm.contains(arm), onArm.toString());
        assertFalse(onArm.contains(x86), onArm.toString());
        assertEquals(withoutOwnJarAndNatives(onX86), withoutOwnJarAndNatives(onArm),
                "both FraudScore archives carry the same jars but the native library");
    }

    private static Set<String> withoutOwnJarAndNatives(Set<String> jars) {
        return jars.stream().filter(jar -> !jar.startsWith("fraud-score-linux-") && !jar.matches("tensorflow-core-native-.*-linux-.*"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> jars(Path component) throws IOException {
        try (Stream<Path> lib = Files.list(component.resolve("lib"))) {
            return lib.map(jar -> jar.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
