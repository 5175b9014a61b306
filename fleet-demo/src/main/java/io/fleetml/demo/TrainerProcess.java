package io.fleetml.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The autoencoder trainer as its own JVM, exactly as its README runs it: it reads the sink's Parquet files from
 * {@code gs://} through the emulator and publishes the next model version there. A child process keeps TensorFlow out
 * of the demo's JVM, whose Connect workers load it from the FraudScore archive (a JNI library binds to one class loader).
 */
final class TrainerProcess {
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path jar;
    private final Path logDir;

    /** @param logDir where each training run's log and stdout go, named after its output */
    TrainerProcess(Path jar, Path logDir) {
        this.jar = jar;
        this.logDir = logDir;
    }

    /**
     * Trains on {@code input}, publishes under {@code output} and returns the trainer's stdout (model location, metrics).
     *
     * @param options the trainer's options beyond its input, output and Cloud Storage ones, such as {@code --features}
     */
    String train(String input, String output, List<String> options, String gcsEndpoint, String project, Path histogram)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toAbsolutePath().toString(), "io.fleetml.trainer.TrainerMain",
                "--input", input, "--output", output,
                "--gcs-endpoint", gcsEndpoint, "--gcs-project", project,
                "--histogram", histogram.toAbsolutePath().toString()));
        command.addAll(options);
        Path log = logDir.resolve("trainer-" + output.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        Path stdout = log.resolveSibling(log.getFileName() + ".stdout");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(log.toFile());
        // As in the trainer's own tests: oneDNN's kernels vary their summation order, so runs would differ.
        builder.environment().put("TF_ENABLE_ONEDNN_OPTS", "0");
        Process process = builder.start();
        Thread killOnExit = new Thread(process::destroyForcibly, "trainer-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the trainer did not finish within " + TIMEOUT + "; its log: " + log);
            }
            String result = Files.readString(stdout, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the trainer exited with " + process.exitValue() + "; its log: " + log
                        + "\n" + tail(log));
            }
            return result;
        } finally {
            process.destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or about to: nothing left to remove.
            }
        }
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 3000));
    }
}
