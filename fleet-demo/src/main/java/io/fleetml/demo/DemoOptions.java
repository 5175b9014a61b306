package io.fleetml.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What one run of the fleet demo does: how long the fleet drives, how big it is, how much of its phase-3 payments is
 * fraud, and where the unpacked plugin archives, the trainer and the connector files are.
 *
 * @param duration   traffic time from the first message to the last, phases 1 to 3 together
 * @param vehicles   fleet size: each vehicle sends one telemetry reading per second
 * @param fraudRate  share of phase-3 payments with injected fraud
 * @param pluginPath the directory of unpacked per-plugin archives given to the workers' {@code plugin.path}
 * @param trainerJar the autoencoder trainer's shaded jar, run as a child process
 * @param configDir  the connector JSON files that are POSTed to the REST API
 */
public record DemoOptions(Duration duration, int vehicles, double fraudRate, Path pluginPath, Path trainerJar,
                          Path configDir) {
    /**
     * Where the demo writes its GCS folder, logs, the histogram and the PII key file, relative to the working directory,
     * as the connector files name the key file ({@code ${file:target/fleet-demo/secrets.properties:pii.hash.key}}).
     */
    public static final String WORK_DIR = "target/fleet-demo";
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(100);
    public static final int DEFAULT_VEHICLES = 200;
    public static final double DEFAULT_FRAUD_RATE = 0.02;
    /** Below this the phases are too short for the sink to commit files and the trainer to get enough payments. */
    public static final Duration MIN_DURATION = Duration.ofSeconds(40);

    public static final String USAGE = "usage: FleetDemo [--duration 100s] [--vehicles 200] [--fraud-rate 0.02]"
            + " [--bundle connect-bundle/target/plugins] [--trainer-jar autoencoder-trainer/target/autoencoder-trainer.jar]"
            + " [--config-dir config-examples/local]";

    public DemoOptions {
        if (duration.compareTo(MIN_DURATION) < 0) {
            throw new IllegalArgumentException("--duration must be at least " + MIN_DURATION.toSeconds() + "s, got "
                    + duration.toSeconds() + "s");
        }
        if (vehicles < 1 || vehicles > 10_000) {
            throw new IllegalArgumentException("--vehicles must be between 1 and 10000, got " + vehicles);
        }
        if (!(fraudRate > 0 && fraudRate <= 1)) {
            throw new IllegalArgumentException("--fraud-rate must be above 0 and at most 1, got " + fraudRate);
        }
        requireDirectory(pluginPath, "--bundle", "build it with: mvn -B -DskipTests package");
        if (!Files.isRegularFile(trainerJar)) {
            throw new IllegalArgumentException("--trainer-jar: no file at " + trainerJar.toAbsolutePath()
                    + "; build it with: mvn -B -DskipTests package");
        }
        requireDirectory(configDir, "--config-dir", "it holds the connector JSON files of config-examples/local");
    }

    public Path workDir() {
        return Path.of(WORK_DIR);
    }

    /** Parses the command line; every error names the option. */
    public static DemoOptions parse(String[] args) {
        Duration duration = DEFAULT_DURATION;
        int vehicles = DEFAULT_VEHICLES;
        double fraudRate = DEFAULT_FRAUD_RATE;
        Path bundle = Path.of("connect-bundle/target/plugins");
        Path trainerJar = Path.of("autoencoder-trainer/target/autoencoder-trainer.jar");
        Path configDir = Path.of("config-examples/local");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--duration" -> duration = parseDuration(value);
                case "--vehicles" -> vehicles = parseInt(option, value);
                case "--fraud-rate" -> fraudRate = parseDouble(option, value);
                case "--bundle" -> bundle = Path.of(value);
                case "--trainer-jar" -> trainerJar = Path.of(value);
                case "--config-dir" -> configDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option + "; " + USAGE);
            }
        }
        return new DemoOptions(duration, vehicles, fraudRate, bundle, trainerJar, configDir);
    }

    /** {@code 90s}, {@code 2m} or plain seconds. */
    static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v.endsWith("s") ? v.substring(0, v.length() - 1) : v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--duration must look like 120s or 2m, got '" + value + "'");
        }
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, got '" + value + "'");
        }
    }

    private static double parseDouble(String option, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number such as 0.02, got '" + value + "'");
        }
    }

    private static void requireDirectory(Path dir, String option, String hint) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + ": no directory at " + dir.toAbsolutePath() + "; " + hint);
        }
    }
}
