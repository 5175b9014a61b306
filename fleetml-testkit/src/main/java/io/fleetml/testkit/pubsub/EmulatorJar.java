package io.fleetml.testkit.pubsub;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the Cloud SDK keeps the Pub/Sub emulator jar. Looked up once per JVM because asking {@code gcloud} costs about
 * a second, and every test class checks availability.
 */
final class EmulatorJar {
    private static final String DEFAULT_SDK_ROOT = "/usr/lib/google-cloud-sdk";
    private static final String LIB_DIR = "platform/pubsub-emulator/lib";
    private static final String JAR_GLOB = "cloud-pubsub-emulator-*.jar";
    private static final long GCLOUD_TIMEOUT_SECONDS = 30;

    private final Path libDir;
    private final String sdkRootSource;
    private final Optional<Path> jar;

    private EmulatorJar(Path sdkRoot, String sdkRootSource) {
        this.libDir = sdkRoot.resolve(LIB_DIR);
        this.sdkRootSource = sdkRootSource;
        this.jar = newestJar(libDir);
    }

    static EmulatorJar located() {
        return Holder.INSTANCE;
    }

    Optional<Path> jar() {
        return jar;
    }

    String missingReason() {
        return "Pub/Sub emulator not found: no " + libDir.resolve(JAR_GLOB) + " (SDK root from " + sdkRootSource
                + "); install google-cloud-cli with the pubsub-emulator component or set CLOUDSDK_ROOT_DIR";
    }

    private static EmulatorJar locate() {
        Optional<Path> fromGcloud = sdkRootFromGcloud();
        if (fromGcloud.isPresent()) {
            return new EmulatorJar(fromGcloud.get(), "gcloud info");
        }
        String env = System.getenv("CLOUDSDK_ROOT_DIR");
        if (env != null && !env.isBlank()) {
            return new EmulatorJar(Path.of(env), "CLOUDSDK_ROOT_DIR");
        }
        return new EmulatorJar(Path.of(DEFAULT_SDK_ROOT), "the default location");
    }

    private static Optional<Path> sdkRootFromGcloud() {
        if (!gcloudOnPath()) {
            return Optional.empty();
        }
        try {
            Process gcloud = new ProcessBuilder("gcloud", "info", "--format=value(installation.sdk_root)")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!gcloud.waitFor(GCLOUD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                gcloud.destroyForcibly();
                return Optional.empty();
            }
            // The single output line fits in the pipe buffer, so reading after the exit cannot block.
            String root = new String(gcloud.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return gcloud.exitValue() == 0 && !root.isEmpty() ? Optional.of(Path.of(root)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean gcloudOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "gcloud"))) {
                return true;
            }
        }
        return false;
    }

    /** An SDK update can leave an older jar beside the new one; the one written last is the current one. */
    private static Optional<Path> newestJar(Path libDir) {
        if (!Files.isDirectory(libDir)) {
            return Optional.empty();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(libDir, JAR_GLOB)) {
            entries.forEach(jars::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jars.stream().max(Comparator.comparing(jar -> jar.toFile().lastModified()));
    }

    private static final class Holder {
        static final EmulatorJar INSTANCE = locate();
    }
}
