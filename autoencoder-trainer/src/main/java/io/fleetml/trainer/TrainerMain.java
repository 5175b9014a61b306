package io.fleetml.trainer;

import io.fleetml.connect.common.gcp.GcsLocation;
import io.fleetml.model.features.Features;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.model.repository.GcsModelRepository;
import io.fleetml.model.repository.LocalModelRepository;
import io.fleetml.model.repository.ModelRepository;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The command line of the trainer: reads the sink's files from a local directory or a {@code gs://} prefix, trains,
 * publishes the next model version locally or to {@code gs://}, and reports progress on stderr and the result on
 * stdout. See the module's README for every option.
 */
public final class TrainerMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final Set<String> FLAGS = Set.of("--input", "--output", "--histogram", "--gcs-endpoint",
            "--gcs-project", "--gcs-credentials-file");
    private static final List<String> GCS_FLAGS = List.of("--gcs-endpoint", "--gcs-project", "--gcs-credentials-file");

    static final String USAGE_TEXT = """
            usage: java -jar autoencoder-trainer.jar --input DIR|gs://BUCKET/PREFIX --output DIR|gs://BUCKET/PREFIX [options]
                   java -jar autoencoder-trainer.jar report --help   (the model-quality report on a labeled data set)
              --input DIR|gs://B/P         the sink's files below DIR or the prefix, e.g. gs://bucket/topics/payments:
                                           .jsonl(.gz), .json(.gz), .parquet, .tfrecord (others are listed as ignored)
              --output DIR|gs://B/P        model root; the model goes into the next numbered version, ROOT/1, ROOT/2, ...
                                           (on gs://, fleetml-model.json is uploaded last: it marks the version complete)
              --features LIST              feature expressions, comma-separated (default: the payment defaults)
              --layers SIZES               hidden layer sizes (default 16,8,16)
              --activation tanh|relu       of the hidden layers (default tanh)
              --epochs N                   most passes over the data (default 50)
              --batch-size N               records per step (default 128)
              --learning-rate X            Adam's learning rate (default 0.001)
              --validation-split X         share held out for early stopping and the threshold (default 0.2)
              --patience N                 epochs without improvement before stopping (default 5)
              --threshold-percentile P     of the validation errors (default 99)
              --threshold-for precision=X|recall=X  the threshold meeting this on the labeled evaluation records
                                           (needs --label-field; replaces --threshold-percentile)
              --seed N                     for the split, shuffling and initial weights (default 42)
              --trim X                     share of training records with the highest errors left out of each epoch
                                           after the first 2, against anomalies among them (default 0: off)
              --label-field PATH           the records' label field (or --labels-file's column): records labeled
                                           fraud are never trained on, every labeled one not trained on is evaluated
              --normal-label LIST          label values meaning normal (default 0,false)
              --fraud-label LIST           label values meaning fraud (default 1,true)
              --labels-file FILE.csv       labels apart from the records, joined by --id-field; needs --label-field
              --id-field PATH              the records' id field, and the labels file's id column
              --from DATE[THH] --to DATE[THH]  only files in dt=/hour= partitions from (inclusive) to (exclusive)
              --file-delim TEXT            what joins topic, partition and offset in the sink's object names, its
                                           file.delim (default +)
              --histogram FILE.png         write a histogram of the validation errors
              --gcs-endpoint URL           Cloud Storage endpoint, for an emulator or a private endpoint (default Google's)
              --gcs-project ID             project of the Cloud Storage client (default: from the credentials)
              --gcs-credentials-file FILE  service-account key (JSON); default Application Default Credentials,
                                           none against an http:// endpoint
            """;

    private TrainerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Clock.systemUTC()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        if (args.length > 0 && args[0].equals(ReportCommand.NAME)) {
            return ReportCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err, clock);
        }
        TrainingFlags flags;
        TrainingFlags.Settings settings;
        GcsLocation gcsInput;
        GcsLocation gcsOutput;
        try {
            flags = TrainingFlags.parse(args, FLAGS);
            if (flags.has("--help")) {
                out.print(USAGE_TEXT);
                return OK;
            }
            flags.require("--input");
            flags.require("--output");
            gcsInput = gcsLocation(flags, "--input");
            gcsOutput = gcsLocation(flags, "--output");
            if (gcsInput == null && gcsOutput == null) {
                for (String flag : GCS_FLAGS) {
                    if (flags.has(flag)) {
                        throw new IllegalArgumentException(flag + " is given, but neither --input nor --output is a gs:// location");
                    }
                }
            }
            settings = flags.settings();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        Features features = settings.features();
        TrainingOptions options = settings.options();
        ThresholdTarget thresholdTarget = settings.thresholdTarget();
        try (GcsAccess gcs = new GcsAccess(flags.get("--gcs-endpoint"), flags.get("--gcs-project"),
                flags.get("--gcs-credentials-file"))) {
            String input = flags.get("--input");
            TrainingRecords records = read(
                    gcsInput == null ? LocalSinkFile.below(Path.of(input)) : GcsSinkFile.below(gcs.storage(), gcsInput),
                    input, settings.range(), new SinkFileReader(features, flags.labels(settings.labelValues(), err),
                            settings.fileDelimiter()), err);
            Trainer.Result result;
            try (ModelRepository repository = gcsOutput == null
                    ? new LocalModelRepository(Path.of(flags.get("--output")))
                    : new GcsModelRepository(gcs.storage(), gcsOutput)) {
                result = new Trainer(options, thresholdTarget, false, clock).train(features, records, repository,
                        report -> err.println(progressLine(report)));
            }
            ModelMetadata metadata = result.metadata();
            if (flags.has("--histogram")) {
                ErrorHistogram.write(Path.of(flags.get("--histogram")), result.evaluationErrors(),
                        result.evaluationLabels(), metadata.threshold(), "Evaluation reconstruction errors, model "
                                + metadata.version());
            }
            out.println("model " + result.location());
            if (thresholdTarget == null) {
                out.printf(Locale.ROOT, "threshold %.6g (percentile %s of %d validation errors)%n", metadata.threshold(),
                        options.thresholdPercentile(), result.validationRecords());
            } else {
                out.printf(Locale.ROOT, "threshold %.6g (%s at least %s on %d labeled records)%n", metadata.threshold(),
                        thresholdTarget.metricName(), thresholdTarget.value(), metadata.metrics().get("labeled_records").longValue());
            }
            metadata.metrics().forEach((name, value) -> out.printf(Locale.ROOT, "%s %.6g%n", name, value));
            return OK;
        } catch (IOException | UncheckedIOException | ConfigException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    /**
     * Reads the files of {@code listed} that {@code range} selects, reporting on {@code err} each file left out and why,
     * each file read, and the records skipped by reason.
     *
     * @throws IllegalStateException when no file is selected or no record has every feature
     */
    static TrainingRecords read(List<SinkFile> listed, String input, PartitionRange range, SinkFileReader reader,
                                PrintStream err) throws IOException {
        InputSelection selection = InputSelection.of(listed, range, reader.fileDelimiter());
        selection.otherFormats().forEach(location ->
                err.println("ignored " + location + ": not a " + SinkFileFormat.EXTENSIONS + " file"));
        if (selection.outsideRange() > 0) {
            err.printf(Locale.ROOT, "ignored %d files outside the --from/--to range%n", selection.outsideRange());
        }
        if (selection.selected().isEmpty()) {
            throw new IllegalStateException("--input " + input + " has no " + SinkFileFormat.EXTENSIONS + " files"
                    + (range.unbounded() ? "" : " in the --from/--to range"));
        }
        return reported(reader.read(selection.selected(), line -> err.println("read " + line)), err);
    }

    /**
     * Reports on {@code err} what was read and skipped by reason.
     *
     * @throws IllegalStateException when no record has every feature
     */
    static TrainingRecords reported(TrainingRecords records, PrintStream err) {
        err.printf(Locale.ROOT, "read %d records from %d files, skipped %d%n", records.vectors().size(),
                records.files(), records.skippedCount());
        records.skipped().forEach((reason, count) -> err.printf(Locale.ROOT, "  skipped %d: %s%n", count, reason));
        if (records.vectors().isEmpty()) {
            throw new IllegalStateException("no record in " + records.files() + " files has every feature of --features");
        }
        return records;
    }

    private static GcsLocation gcsLocation(TrainingFlags flags, String flag) {
        String location = flags.get(flag);
        if (!GcsLocation.isGcs(location)) {
            return null;
        }
        try {
            return GcsLocation.parse(location, flag);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static String progressLine(EpochReport report) {
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.6f  val_loss %.6f%s  %ds  ETA %ds", report.epoch(),
                report.maxEpochs(), report.trainLoss(), report.validationLoss(), report.best() ? " *" : "  ",
                TimeUnit.NANOSECONDS.toSeconds(report.elapsedNanos()), TimeUnit.NANOSECONDS.toSeconds(report.etaNanos()));
    }
}
