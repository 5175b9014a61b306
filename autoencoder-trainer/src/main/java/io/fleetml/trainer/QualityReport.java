package io.fleetml.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How well a trained model's reconstruction errors separate the labeled records it was not trained on: ROC AUC, PR
 * AUC as average precision ({@link Evaluation#averagePrecision}), and precision, recall and F1 at its threshold, a
 * record being flagged when its error is above the threshold.
 *
 * @param rocAuc          {@link Evaluation#rocAuc}
 * @param prAuc           {@link Evaluation#averagePrecision}
 * @param threshold       the model's threshold
 * @param thresholdRule   how the threshold was placed, e.g. {@code percentile 99 of 984 validation errors}
 * @param confusion       the labeled evaluation records at the threshold
 * @param trainedRecords  how many records the model was trained on
 */
record QualityReport(double rocAuc, double prAuc, double threshold, String thresholdRule, Evaluation.Confusion confusion,
                     long trainedRecords) {
    static final String JSON_FILE = "report.json";
    static final String MARKDOWN_FILE = "report.md";
    static final String HISTOGRAM_FILE = "errors.png";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * The report on a run's evaluation records.
     *
     * @throws IllegalStateException when they lack normal or fraud records, without which neither AUC is defined
     */
    static QualityReport of(Trainer.Result result, String thresholdRule) {
        double[] errors = result.evaluationErrors();
        byte[] labels = result.evaluationLabels();
        double threshold = result.metadata().threshold();
        Evaluation.Confusion confusion = Evaluation.confusion(errors, labels, threshold);
        long normal = confusion.trueNegatives() + confusion.falsePositives();
        long fraud = confusion.truePositives() + confusion.falseNegatives();
        if (normal == 0 || fraud == 0) {
            throw new IllegalStateException("the evaluation records hold " + normal + " labeled normal and " + fraud
                    + " labeled fraud; the report needs both (check --label-field, --normal-label and --fraud-label)");
        }
        return new QualityReport(Evaluation.rocAuc(errors, labels), Evaluation.averagePrecision(errors, labels), threshold,
                thresholdRule, confusion, result.metadata().metrics().get("train_records").longValue());
    }

    long normalEvaluated() {
        return confusion.trueNegatives() + confusion.falsePositives();
    }

    long fraudEvaluated() {
        return confusion.truePositives() + confusion.falseNegatives();
    }

    /** Writes {@value #JSON_FILE}, {@value #MARKDOWN_FILE} and the histogram {@value #HISTOGRAM_FILE} into {@code dir}. */
    void write(Path dir, Trainer.Result result) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON_FILE), json(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(), StandardCharsets.UTF_8);
        ErrorHistogram.write(dir.resolve(HISTOGRAM_FILE), result.evaluationErrors(), result.evaluationLabels(), threshold,
                "Reconstruction errors of the records not trained on");
    }

    String json() throws IOException {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("normal_evaluated", normalEvaluated());
        counts.put("fraud_evaluated", fraudEvaluated());
        counts.put("trained", trainedRecords);
        counts.put("normal_flagged", confusion.falsePositives());
        counts.put("fraud_flagged", confusion.truePositives());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("roc_auc", rocAuc);
        report.put("pr_auc", prAuc);
        report.put("threshold", threshold);
        report.put("threshold_rule", thresholdRule);
        report.put("precision", orNull(confusion.precision()));
        report.put("recall", confusion.recall());
        report.put("f1", confusion.f1());
        report.put("counts", counts);
        return JSON.writeValueAsString(report) + "\n";
    }

    String markdown() {
        return "# Model-quality report\n\n"
                + "| measure | value |\n"
                + "|---|---|\n"
                + row("ROC AUC", figure(rocAuc))
                + row("PR AUC (average precision)", figure(prAuc))
                + row("threshold", String.format(Locale.ROOT, "%.6g (%s)", threshold, thresholdRule))
                + row("precision at the threshold", figure(confusion.precision()))
                + row("recall at the threshold", figure(confusion.recall()))
                + row("F1 at the threshold", figure(confusion.f1()))
                + row("normal records evaluated (flagged)", normalEvaluated() + " (" + confusion.falsePositives() + ")")
                + row("fraud records evaluated (flagged)", fraudEvaluated() + " (" + confusion.truePositives() + ")")
                + row("records trained on", Long.toString(trainedRecords))
                + "\n![Reconstruction errors, normal and fraud apart](" + HISTOGRAM_FILE + ")\n";
    }

    /** The lines printed on stdout. */
    String summary() {
        return String.format(Locale.ROOT, """
                roc_auc %s
                pr_auc %s
                threshold %.6g (%s)
                precision %s
                recall %s
                f1 %s
                evaluated %d normal, %d fraud; trained on %d
                """, figure(rocAuc), figure(prAuc), threshold, thresholdRule, figure(confusion.precision()),
                figure(confusion.recall()), figure(confusion.f1()), normalEvaluated(), fraudEvaluated(), trainedRecords);
    }

    private static String row(String measure, String value) {
        return "| " + measure + " | " + value + " |\n";
    }

    /** Four decimals; "n/a" for a precision with nothing flagged. */
    private static String figure(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** JSON has no NaN: a precision with nothing flagged is null. */
    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
