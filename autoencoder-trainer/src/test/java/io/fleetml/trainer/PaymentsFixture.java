package io.fleetml.trainer;

import io.fleetml.connect.common.Directories;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The simulated payments and trainer options behind the committed model fixture, shared with the quality test so both
 * train the same way. As a program it regenerates the fixture: see {@code src/test/resources/fixtures/payments-model/README.md}.
 */
final class PaymentsFixture {
    static final long SEED = 2026;
    static final int VEHICLES = 300;
    static final int TRAINING_PAYMENTS = 20_000;
    static final Path COMMITTED = Path.of("src/test/resources/fixtures/payments-model");
    static final Clock TRAINED_AT = Clock.fixed(Instant.parse("2026-11-30T04:15:00Z"), ZoneOffset.UTC);

    private PaymentsFixture() {
    }

    static PaymentSimulator fleet() {
        return new PaymentSimulator(SEED, VEHICLES);
    }

    /** Payments after the training ones, with more fraud so an estimate rests on a few hundred frauds. */
    static List<SimulatedPayment> heldOut(int count) {
        return fleet().withFraudRate(0.1).payments(TRAINING_PAYMENTS + count).subList(TRAINING_PAYMENTS, TRAINING_PAYMENTS + count);
    }

    /** Writes the training payments as the sink would under {@code bucket} and returns the topic directory. */
    static Path writeTrainingData(Path bucket) throws IOException {
        SinkLayout.write(bucket, "payments", fleet().payments(TRAINING_PAYMENTS));
        return bucket.resolve("topics/payments");
    }

    static String[] trainerArgs(Path input, Path output, Path histogram) {
        return new String[] {"--input", input.toString(), "--output", output.toString(),
                "--label-field", SinkLayout.LABEL, "--epochs", "60", "--batch-size", "64", "--learning-rate", "0.003",
                "--patience", "5", "--seed", "7", "--histogram", histogram.toString()};
    }

    /** Retrains the fixture into {@code args[0]} (its version 1 is replaced) with its histogram beside it. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : COMMITTED.toString());
        Path data = Files.createTempDirectory("payments-fixture");
        try {
            Directories.deleteTree(root.resolve("1"));
            int exit = TrainerMain.run(trainerArgs(writeTrainingData(data), root, root.resolve("errors.png")),
                    new PrintStream(System.out, true, StandardCharsets.UTF_8),
                    new PrintStream(System.err, true, StandardCharsets.UTF_8), TRAINED_AT);
            if (exit != TrainerMain.OK) {
                System.exit(exit);
            }
        } finally {
            Directories.deleteTree(data);
        }
    }
}
