package io.fleetml.trainer;

import io.fleetml.connect.fraud.FraudScore;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The trainer's quality on real card payments: the ULB sample (492 frauds, 4,920 normal), trained on through the
 * command line and scored by {@code FraudScore} with the Java engine, as a worker would score it.
 */
class UlbInFraudScoreTest {
    /** The options of the trainer README's measurements; trimming keeps the unlabeled fraud from being learned. */
    private static final List<String> OPTIONS = List.of("--features", UlbSample.FEATURES, "--learning-rate", "0.003",
            "--epochs", "100", "--trim", "0.15");

    private static List<Map<String, Object>> rows;

    @TempDir
    Path dir;

    @BeforeAll
    static void readSample() throws IOException {
        assumeTrue(UlbSample.present(), UlbSample.absent());
        rows = UlbSample.rows();
    }

    private Path train(Path input) {
        Path models = dir.resolve("models");
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--output", models.toString()));
        args.addAll(OPTIONS);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TrainerMain.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        assertEquals(TrainerMain.OK, exit, err.toString(StandardCharsets.UTF_8));
        return models;
    }

    private static double rocAucInFraudScore(Path models, List<Map<String, Object>> scored) {
        double[] scores = new double[scored.size()];
        try (FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>()) {
            transform.configure(Map.of("model.path", models.toString(), "engine", "java", "model.refresh.interval.ms", "0"));
            for (int i = 0; i < scores.length; i++) {
                SourceRecord record = new SourceRecord(null, null, "payments", 0, null, scored.get(i));
                scores[i] = ((Number) ((Map<?, ?>) transform.apply(record).value()).get("fraud_score")).doubleValue();
            }
        }
        return Evaluation.rocAuc(scores, UlbSample.labels(scored));
    }

    @Test
    void trainedOnNormalPaymentsItSeparatesUnseenFraudWithRocAucOf96Percent() throws IOException {
        List<Map<String, Object>> normal = UlbSample.shuffledNormal(rows);
        List<Map<String, Object>> evaluated = new ArrayList<>(normal.subList(UlbSample.NORMAL_TRAINING_ROWS, normal.size()));
        rows.stream().filter(UlbSample::fraud).forEach(evaluated::add);
        Path models = train(UlbSample.writeJsonLines(dir.resolve("normal"),
                normal.subList(0, UlbSample.NORMAL_TRAINING_ROWS), false));

        double auc = rocAucInFraudScore(models, evaluated);
        System.out.printf("ULB, trained on %d normal: ROC AUC %.4f on %d unseen%n", UlbSample.NORMAL_TRAINING_ROWS, auc,
                evaluated.size());
        assertTrue(auc >= 0.96, "ROC AUC " + auc);
    }

    @Test
    void trainedOnEveryPaymentWithItsFraudUnlabeledItStillSeparatesFraudWithRocAucOf93Percent() throws IOException {
        Path models = train(UlbSample.writeJsonLines(dir.resolve("all"), rows, false));

        double auc = rocAucInFraudScore(models, rows);
        System.out.printf("ULB, trained on all %d with 9 %% fraud unlabeled: ROC AUC %.4f%n", rows.size(), auc);
        assertTrue(auc >= 0.93, "ROC AUC " + auc);
    }
}
