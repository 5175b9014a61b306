package io.fleetml.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int report(String... args) {
        String[] withCommand = Stream.concat(Stream.of(ReportCommand.NAME), Stream.of(args)).toArray(String[]::new);
        return TrainerMain.run(withCommand, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * 400 rows: columns x, y, a text column, and label; every tenth row is fraud, far from the others. One row lacks y
     * (an empty cell), so it is skipped.
     */
    private static Path labeledCsv(Path dir) throws Exception {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("x,y,city,label\n");
        for (int i = 0; i < 400; i++) {
            boolean fraud = i % 10 == 0;
            double shift = fraud ? 6 : 0;
            csv.append(String.format(Locale.ROOT, "%f,%s,\"Gent, BE\",%s%n", random.nextGaussian() + shift,
                    i == 7 ? "" : String.format(Locale.ROOT, "%.5e", random.nextGaussian() - shift), fraud ? "fraud" : "ok"));
        }
        Path file = dir.resolve("labeled.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void aLabeledCsvIsTrainedOnItsNormalRowsAndEveryFraudIsEvaluated(@TempDir Path dir) throws Exception {
        Path reportDir = dir.resolve("report");
        assertEquals(TrainerMain.OK, report("--input", labeledCsv(dir).toString(), "--report-dir", reportDir.toString(),
                "--features", "x, y", "--label-field", "label", "--normal-label", "ok", "--fraud-label", "fraud",
                "--epochs", "3", "--layers", "2"), err());
        assertTrue(err().contains("skipped 1: feature 'y'"), err());

        JsonNode json = JSON.readTree(reportDir.resolve(QualityReport.JSON_FILE).toFile());
        // 360 normal rows less the one skipped: 72 validate, 287 train; the 40 frauds are only evaluated.
        assertEquals(72, json.at("/counts/normal_evaluated").asLong(), json.toString());
        assertEquals(40, json.at("/counts/fraud_evaluated").asLong(), json.toString());
        assertEquals(287, json.at("/counts/trained").asLong(), json.toString());
        assertTrue(json.get("roc_auc").asDouble() > 0.9, json.toString());
        assertTrue(json.get("pr_auc").asDouble() > 0.8, json.toString());
        assertEquals("percentile 99.0 of 72 validation errors", json.get("threshold_rule").asText());
        assertTrue(json.get("threshold").asDouble() > 0, json.toString());
        for (String field : new String[] {"precision", "recall", "f1"}) {
            double value = json.get(field).asDouble(-1);
            assertTrue(value >= 0 && value <= 1, field + " in " + json);
        }

        String markdown = Files.readString(reportDir.resolve(QualityReport.MARKDOWN_FILE));
        assertTrue(markdown.contains(String.format(Locale.ROOT, "| ROC AUC | %.4f |", json.get("roc_auc").asDouble())),
                markdown);
        assertTrue(markdown.contains("| fraud records evaluated (flagged) | 40 ("), markdown);
        assertTrue(markdown.contains("](errors.png)"), markdown);
        assertTrue(out().contains(String.format(Locale.ROOT, "pr_auc %.4f%n", json.get("pr_auc").asDouble())), out());
        assertTrue(out().contains("evaluated 72 normal, 40 fraud; trained on 287"), out());
        assertNotNull(ImageIO.read(reportDir.resolve(QualityReport.HISTOGRAM_FILE).toFile()));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(2, left.count(), "only the CSV and the report: without --output no model is kept");
        }
    }

    @Test
    void withOutputTheModelIsPublishedAndWithFraudInTrainingOnlyValidationRecordsAreEvaluated(@TempDir Path dir)
            throws Exception {
        Path models = dir.resolve("models");
        assertEquals(TrainerMain.OK, report("--input", labeledCsv(dir).toString(), "--report-dir",
                dir.resolve("report").toString(), "--output", models.toString(), "--features", "x, y",
                "--label-field", "label", "--normal-label", "ok", "--fraud-label", "fraud", "--epochs", "2",
                "--layers", "2", "--fraud-in-training", "true"), err());
        assertTrue(Files.isRegularFile(models.resolve("1/fleetml-model.json")));
        assertTrue(out().contains("model " + models.resolve("1")), out());
        JsonNode json = JSON.readTree(dir.resolve("report").resolve(QualityReport.JSON_FILE).toFile());
        // All 399 rows are split alike: 80 validate, fraud among them, and 319 train.
        assertEquals(80, json.at("/counts/normal_evaluated").asLong() + json.at("/counts/fraud_evaluated").asLong(),
                json.toString());
        assertEquals(319, json.at("/counts/trained").asLong(), json.toString());
    }

    @Test
    void aDirectoryOfTheSinksFilesIsReadAsForTraining(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("input");
        Files.createDirectories(input);
        StringBuilder lines = new StringBuilder();
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            boolean fraud = i % 10 == 0;
            lines.append(String.format(Locale.ROOT, "{\"x\": %f, \"y\": %f, \"is_fraud\": %b}%n",
                    random.nextGaussian() + (fraud ? 8 : 0), random.nextGaussian(), fraud));
        }
        Files.writeString(input.resolve("payments+0+0.jsonl"), lines);
        assertEquals(TrainerMain.OK, report("--input", input.toString(), "--report-dir", dir.resolve("r").toString(),
                "--features", "x, y", "--label-field", "is_fraud", "--epochs", "2", "--layers", "2"), err());
        assertTrue(err().contains("read " + input.resolve("payments+0+0.jsonl") + ": 300 records"), err());
        assertTrue(out().contains("evaluated 54 normal, 30 fraud; trained on 216"), out());
    }

    @Test
    void aDataSetWithoutFraudFailsNamingTheLabelOptions(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("normal.csv");
        Files.writeString(csv, "x,label\n1,0\n2,0\n3,0\n4,0\n5,0\n6,0\n");
        assertEquals(TrainerMain.FAILED, report("--input", csv.toString(), "--report-dir", dir.resolve("r").toString(),
                "--features", "x", "--label-field", "label", "--epochs", "1", "--layers", "1"));
        assertTrue(err().contains("error: the evaluation records hold 1 labeled normal and 0 labeled fraud; the report "
                + "needs both"), err());
        assertTrue(Files.notExists(dir.resolve("r")), "no report of an evaluation that cannot be made");
    }

    @Test
    void aCsvRowWithTheWrongNumberOfColumnsFailsNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("broken.csv");
        Files.writeString(csv, "x,label\n1,0\n2\n");
        assertEquals(TrainerMain.FAILED, report("--input", csv.toString(), "--report-dir", dir.resolve("r").toString(),
                "--features", "x", "--label-field", "label"));
        assertTrue(err().contains("error: " + csv + ": line 3 has 1 columns, the header 2"), err());
    }

    @Test
    void usageErrorsNameTheFlag() {
        assertEquals(TrainerMain.USAGE, report("--input", "data.csv", "--label-field", "Class"));
        assertTrue(err().startsWith("error: --report-dir is required"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, report("--input", "data.csv", "--report-dir", "r"));
        assertTrue(err().startsWith("error: --label-field is required"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, report("--input", "data.csv", "--report-dir", "r", "--label-field", "Class",
                "--from", "2026-11-01"));
        assertTrue(err().startsWith("error: --from and --to select the sink's partitions; --input is a CSV file"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, report("--input", "gs://bucket/topics", "--report-dir", "r", "--label-field", "c"));
        assertTrue(err().startsWith("error: --input of the report is a local path"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, report("--input", "d.csv", "--report-dir", "r", "--label-field", "c",
                "--fraud-in-training", "yes"));
        assertTrue(err().startsWith("error: --fraud-in-training must be true or false, got 'yes'"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, report("--input", "d.csv", "--report-dir", "r", "--label-field", "c",
                "--histogram", "x.png"));
        assertTrue(err().startsWith("error: unknown option '--histogram'"), err());
        assertTrue(err().contains("usage: java -jar autoencoder-trainer.jar report"), err());
        err.reset();
        assertEquals(TrainerMain.USAGE, report("--input", "d.csv", "--report-dir", "r", "--label-field", "c",
                "--epochs", "0"));
        assertTrue(err().startsWith("error: --epochs must be at least 1, got 0"), err());
    }

    /**
     * Normal-only training on the ULB sample, read straight from its CSV: the model never sees fraud and is evaluated on
     * the held-out normal rows and every fraud. A few epochs keep it fast; the full measurement is in the README.
     */
    @Test
    void theReportOnTheUlbSampleHasItsKnownRocAucAndADrawnHistogram(@TempDir Path dir) throws Exception {
        assumeTrue(UlbSample.present(), UlbSample::absent);
        Path reportDir = dir.resolve("report");
        assertEquals(TrainerMain.OK, report("--input", UlbSample.CSV.toString(), "--report-dir", reportDir.toString(),
                "--features", UlbSample.FEATURES, "--label-field", UlbSample.LABEL, "--epochs", "15",
                "--seed", Long.toString(UlbSample.SPLIT_SEED)), err());
        JsonNode json = JSON.readTree(reportDir.resolve(QualityReport.JSON_FILE).toFile());
        System.out.println("ULB report: " + json);
        assertEquals(984, json.at("/counts/normal_evaluated").asLong(), json.toString());
        assertEquals(492, json.at("/counts/fraud_evaluated").asLong(), json.toString());
        assertEquals(3936, json.at("/counts/trained").asLong(), json.toString());
        double rocAuc = json.get("roc_auc").asDouble();
        assertTrue(rocAuc >= 0.93 && rocAuc <= 0.99, "ROC AUC " + rocAuc);
        double prAuc = json.get("pr_auc").asDouble();
        // A third of the evaluated records are fraud, so a ranking no better than chance would give about 0.33.
        assertTrue(prAuc >= 0.8 && prAuc <= 1, "PR AUC " + prAuc);

        BufferedImage image = ImageIO.read(reportDir.resolve(QualityReport.HISTOGRAM_FILE).toFile());
        assertNotNull(image, "errors.png decodes");
        assertEquals(ErrorHistogram.WIDTH, image.getWidth());
        assertEquals(ErrorHistogram.HEIGHT, image.getHeight());
        int first = image.getRGB(0, 0);
        boolean varies = false;
        for (int x = 0; x < image.getWidth() && !varies; x += 3) {
            for (int y = 0; y < image.getHeight() && !varies; y += 3) {
                varies = image.getRGB(x, y) != first;
            }
        }
        assertTrue(varies, "errors.png is not blank");
    }
}
