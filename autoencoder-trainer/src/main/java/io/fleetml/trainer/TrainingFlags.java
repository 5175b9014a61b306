package io.fleetml.trainer;

import io.fleetml.connect.common.layout.TrainingDataLayout;
import io.fleetml.model.features.Features;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A trainer command's options as given on the command line, and the ones every command shares (features, training,
 * threshold, labels, partition range) turned into their values. Each problem is an {@link IllegalArgumentException}
 * naming the option.
 */
final class TrainingFlags {
    /** The options of training that every command takes; each command adds its own. */
    static final Set<String> TRAINING = Set.of("--features", "--layers", "--activation", "--epochs", "--batch-size",
            "--learning-rate", "--validation-split", "--patience", "--threshold-percentile", "--threshold-for", "--seed",
            "--trim", "--label-field", "--normal-label", "--fraud-label", "--labels-file", "--id-field", "--from", "--to", "--file-delim");

    private final Map<String, String> flags;

    private TrainingFlags(Map<String, String> flags) {
        this.flags = flags;
    }

    /** Parses {@code --flag value} pairs, accepting {@link #TRAINING} and {@code commandFlags}, and {@code --help}. */
    static TrainingFlags parse(String[] args, Set<String> commandFlags) {
        Set<String> accepted = new HashSet<>(TRAINING);
        accepted.addAll(commandFlags);
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                flags.put("--help", "");
                continue;
            }
            if (!accepted.contains(flag)) {
                throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            if (flags.put(flag, args[++i]) != null) {
                throw new IllegalArgumentException(flag + " is given twice");
            }
        }
        return new TrainingFlags(flags);
    }

    boolean has(String flag) {
        return flags.containsKey(flag);
    }

    /** The flag's value, null when it is not given. */
    String get(String flag) {
        return flags.get(flag);
    }

    void require(String flag) {
        if (!flags.containsKey(flag)) {
            throw new IllegalArgumentException(flag + " is required");
        }
    }

    /** What both the training run and the report take from the flags, each validated. */
    record Settings(Features features, TrainingOptions options, LabelValues labelValues, ThresholdTarget thresholdTarget,
                    PartitionRange range, String fileDelimiter) {
    }

    Settings settings() {
        return new Settings(features(), options(), labelValues(), thresholdTarget(), range(), fileDelimiter());
    }

    /** The sink's file.delim, which joins topic, partition and offset in its object names. */
    String fileDelimiter() {
        String delimiter = flags.getOrDefault("--file-delim", TrainingDataLayout.DEFAULT_FILE_DELIMITER);
        try {
            TrainingDataLayout.checkFileDelimiter(delimiter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--file-delim " + e.getMessage(), e);
        }
        return delimiter;
    }

    Features features() {
        try {
            return Features.parse(flags.getOrDefault("--features", Features.PAYMENT_DEFAULTS), "--features");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    PartitionRange range() {
        return new PartitionRange(bound("--from"), bound("--to"));
    }

    LabelValues labelValues() {
        for (String flag : List.of("--normal-label", "--fraud-label", "--labels-file")) {
            if (flags.containsKey(flag) && !flags.containsKey("--label-field")) {
                throw new IllegalArgumentException(flag + " is given without --label-field");
            }
        }
        if (flags.containsKey("--labels-file") != flags.containsKey("--id-field")) {
            throw new IllegalArgumentException("--labels-file and --id-field go together: the id joins a record to its label");
        }
        return new LabelValues(
                LabelValues.parseList(flags.getOrDefault("--normal-label", String.join(",", LabelValues.DEFAULT_NORMAL)),
                        "--normal-label"),
                LabelValues.parseList(flags.getOrDefault("--fraud-label", String.join(",", LabelValues.DEFAULT_FRAUD)),
                        "--fraud-label"));
    }

    /** The {@code --threshold-for} target, null when the threshold is a percentile. */
    ThresholdTarget thresholdTarget() {
        if (!flags.containsKey("--threshold-for")) {
            return null;
        }
        if (!flags.containsKey("--label-field")) {
            throw new IllegalArgumentException("--threshold-for needs --label-field: the target is met on labeled records");
        }
        if (flags.containsKey("--threshold-percentile")) {
            throw new IllegalArgumentException("--threshold-for and --threshold-percentile each place the threshold; give one");
        }
        return ThresholdTarget.parse(flags.get("--threshold-for"));
    }

    /** Where each record's label comes from: its {@code --label-field}, a {@code --labels-file}, or nowhere. */
    RecordLabels labels(LabelValues values, PrintStream err) throws IOException {
        String labelField = flags.get("--label-field");
        if (labelField == null) {
            return RecordLabels.NONE;
        }
        if (!flags.containsKey("--labels-file")) {
            return new FieldLabels(labelField, values);
        }
        LabelsFile file = LabelsFile.read(Path.of(flags.get("--labels-file")), flags.get("--id-field"), labelField, values);
        err.printf(Locale.ROOT, "read labels of %d ids from %s%n", file.size(), flags.get("--labels-file"));
        return file;
    }

    TrainingOptions options() {
        TrainingOptions defaults = TrainingOptions.defaults();
        List<Integer> layers = defaults.hiddenLayers();
        if (flags.containsKey("--layers")) {
            layers = new ArrayList<>();
            for (String size : flags.get("--layers").split(",")) {
                layers.add(integer("--layers", size.trim()));
            }
        }
        TrainingOptions.HiddenActivation activation = defaults.activation();
        if (flags.containsKey("--activation")) {
            try {
                activation = TrainingOptions.HiddenActivation.valueOf(flags.get("--activation").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--activation must be tanh or relu, got '" + flags.get("--activation") + "'");
            }
        }
        return new TrainingOptions(layers, activation,
                flags.containsKey("--epochs") ? integer("--epochs", flags.get("--epochs")) : defaults.epochs(),
                flags.containsKey("--batch-size") ? integer("--batch-size", flags.get("--batch-size")) : defaults.batchSize(),
                flags.containsKey("--learning-rate")
                        ? (float) number("--learning-rate", flags.get("--learning-rate")) : defaults.learningRate(),
                flags.containsKey("--validation-split")
                        ? number("--validation-split", flags.get("--validation-split")) : defaults.validationSplit(),
                flags.containsKey("--patience") ? integer("--patience", flags.get("--patience")) : defaults.patience(),
                flags.containsKey("--threshold-percentile")
                        ? number("--threshold-percentile", flags.get("--threshold-percentile"))
                        : defaults.thresholdPercentile(),
                flags.containsKey("--seed") ? longInteger("--seed", flags.get("--seed")) : defaults.seed(),
                flags.containsKey("--trim") ? number("--trim", flags.get("--trim")) : defaults.trim());
    }

    private LocalDateTime bound(String flag) {
        return flags.containsKey(flag) ? PartitionRange.parseBound(flags.get(flag), flag) : null;
    }

    private static int integer(String flag, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + text + "' is not a whole number");
        }
    }

    private static long longInteger(String flag, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + text + "' is not a whole number");
        }
    }

    private static double number(String flag, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + text + "' is not a number");
        }
    }
}
