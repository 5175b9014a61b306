package io.fleetml.trainer;

import io.fleetml.connect.common.Directories;
import io.fleetml.connect.common.gcp.GcsLocation;
import io.fleetml.model.features.Features;
import io.fleetml.model.repository.LocalModelRepository;
import io.fleetml.model.repository.ModelRepository;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code report} command: trains on a labeled data set (a CSV file, or a directory of the sink's files) as the
 * training command does, evaluates the model on the labeled records it was not trained on, and writes a
 * {@link QualityReport} with its histogram. The model is published only with {@code --output}.
 */
final class ReportCommand {
    static final String NAME = "report";

    private static final Set<String> FLAGS = Set.of("--input", "--report-dir", "--output", "--fraud-in-training");

    static final String USAGE_TEXT = """
            usage: java -jar autoencoder-trainer.jar report --input DIR|FILE.csv --label-field NAME --report-dir DIR [options]
              trains as the training command does and evaluates on the labeled records not trained on
              --input DIR|FILE.csv         the sink's files below a local DIR (see the training command), or one CSV file
                                           with a header line whose columns the features and --label-field name
              --report-dir DIR             writes report.json, report.md and errors.png into DIR
              --label-field NAME           required: the records' (or the CSV's) label field or column
              --output DIR                 also publish the model as the next version below DIR (default: not kept)
              --fraud-in-training BOOL     true trains on records labeled fraud as if unlabeled, splitting them like the
                                           others, and evaluates the labeled validation records only (default false)
              --features, --layers, --activation, --epochs, --batch-size, --learning-rate, --validation-split,
              --patience, --threshold-percentile, --threshold-for, --seed, --trim, --normal-label, --fraud-label,
              --labels-file, --id-field, --from, --to, --file-delim
                                           as for training (java -jar autoencoder-trainer.jar --help)
            """;

    private ReportCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        TrainingFlags flags;
        TrainingFlags.Settings settings;
        boolean fraudInTraining;
        Path input;
        boolean csv;
        try {
            flags = TrainingFlags.parse(args, FLAGS);
            if (flags.has("--help")) {
                out.print(USAGE_TEXT);
                return TrainerMain.OK;
            }
            flags.require("--input");
            flags.require("--report-dir");
            if (!flags.has("--label-field")) {
                throw new IllegalArgumentException("--label-field is required: the report evaluates on labeled records");
            }
            for (String flag : new String[] {"--input", "--output", "--report-dir"}) {
                if (GcsLocation.isGcs(flags.get(flag))) {
                    throw new IllegalArgumentException(flag + " of the report is a local path, got " + flags.get(flag));
                }
            }
            input = Path.of(flags.get("--input"));
            csv = input.getFileName() != null && input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
            if (csv && (flags.has("--from") || flags.has("--to"))) {
                throw new IllegalArgumentException("--from and --to select the sink's partitions; --input is a CSV file");
            }
            settings = flags.settings();
            fraudInTraining = bool(flags, "--fraud-in-training");
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE_TEXT);
            return TrainerMain.USAGE;
        }
        Features features = settings.features();
        TrainingOptions options = settings.options();
        ThresholdTarget thresholdTarget = settings.thresholdTarget();
        Path scratch = null;
        try {
            SinkFileReader reader = new SinkFileReader(features, flags.labels(settings.labelValues(), err), settings.fileDelimiter());
            TrainingRecords records;
            if (csv) {
                if (!Files.isRegularFile(input)) {
                    throw new IOException("--input " + input + " is not a file");
                }
                records = TrainerMain.reported(reader.readCsv(input, line -> err.println("read " + line)), err);
            } else {
                records = TrainerMain.read(LocalSinkFile.below(input), input.toString(), settings.range(), reader, err);
            }
            Path modelRoot;
            if (flags.has("--output")) {
                modelRoot = Path.of(flags.get("--output"));
            } else {
                scratch = Files.createTempDirectory("fleetml-report-");
                modelRoot = scratch;
            }
            Trainer.Result result;
            try (ModelRepository repository = new LocalModelRepository(modelRoot)) {
                result = new Trainer(options, thresholdTarget, fraudInTraining, clock).train(features, records, repository,
                        report -> err.println(TrainerMain.progressLine(report)));
            }
            QualityReport report = QualityReport.of(result, thresholdRule(result, options, thresholdTarget));
            Path reportDir = Path.of(flags.get("--report-dir"));
            report.write(reportDir, result);
            if (scratch == null) {
                out.println("model " + result.location());
            }
            out.print(report.summary());
            out.println("report " + reportDir);
            return TrainerMain.OK;
        } catch (IOException | UncheckedIOException | ConfigException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return TrainerMain.FAILED;
        } finally {
            if (scratch != null) {
                Directories.deleteTree(scratch);
            }
        }
    }

    private static String thresholdRule(Trainer.Result result, TrainingOptions options, ThresholdTarget target) {
        if (target == null) {
            return String.format(Locale.ROOT, "percentile %s of %d validation errors", options.thresholdPercentile(),
                    result.validationRecords());
        }
        return String.format(Locale.ROOT, "%s at least %s on the evaluated records", target.metricName(), target.value());
    }

    private static boolean bool(TrainingFlags flags, String flag) {
        String value = flags.get(flag);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException(flag + " must be true or false, got '" + value + "'");
    }
}
