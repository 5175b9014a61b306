package io.fleetml.connect.common.layout;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the GCS sink puts training data and how the trainer finds it again: object names
 * {@code <topics.dir>/<topic>/<partition path>/<topic>+<kafka partition>+<start offset>.<ext>}, the start offset
 * zero-padded to a width the sink is configured with (Confluent's sinks name theirs the same way), the extension of each
 * file format, and the {@code dt=}/{@code hour=} directories of the sink's default partition path. The sink names its
 * objects and the trainer reads them through this one class, so neither can drift from the other.
 */
public final class TrainingDataLayout {
    /** The sink's default {@code path.format}: the directories {@link #timeSpan} reads back. */
    public static final String DEFAULT_PATH_FORMAT = "'dt'=yyyy-MM-dd/'hour'=HH";

    /**
     * The sink's default width of the start offset: 20 digits, more than the largest long has, so that names sort by
     * offset. A narrower width (Confluent's sinks default to 10) sorts only while offsets fit it.
     */
    public static final int DEFAULT_OFFSET_WIDTH = 20;

    /**
     * What joins topic, Kafka partition and start offset in a file name, as in Confluent's sinks ({@code file.delim}).
     * Kafka topic names cannot contain '+', so the last two always delimit the Kafka partition.
     */
    public static final String DEFAULT_FILE_DELIMITER = "+";

    // The offset is read at any width, so names of a sink configured with another one are found too. The greedy topic
    // leaves the last two delimiters to partition and offset, so a delimiter that also occurs in the topic reads back.
    private static final Pattern FILE_NAME = fileName(DEFAULT_FILE_DELIMITER);
    private static final Pattern DAY = Pattern.compile("dt=(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern HOUR = Pattern.compile("hour=(\\d{2})");

    private TrainingDataLayout() {
    }

    /** The extension of each file format the sink writes; {@link #text} has no leading dot. */
    public enum Extension {
        JSONL("jsonl"),
        JSONL_GZIP("jsonl.gz"),
        /** JSON lines named as Confluent's JsonFormat names them. */
        JSON("json"),
        JSON_GZIP("json.gz"),
        PARQUET("parquet"),
        AVRO("avro"),
        TFRECORD("tfrecord"),
        CSV("csv"),
        CSV_GZIP("csv.gz");

        private final String text;

        Extension(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The extension named {@code text} ({@code jsonl.gz}); an IllegalArgumentException names an unknown one. */
        public static Extension fromText(String text) {
            return named(text).orElseThrow(
                    () -> new IllegalArgumentException("'" + text + "' is not an extension of the training data layout"));
        }

        /** The extension a file or object name ends with, or empty when it is none of the sink's. */
        public static Optional<Extension> of(String name) {
            for (Extension extension : values()) {
                if (name.endsWith("." + extension.text)) {
                    return Optional.of(extension);
                }
            }
            return Optional.empty();
        }

        private static Optional<Extension> named(String text) {
            for (Extension extension : values()) {
                if (extension.text.equals(text)) {
                    return Optional.of(extension);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The parts of records the sink can store in objects of their own, beside the values' object and named after it
     * ({@code <topic>+<partition>+<start offset>.keys.avro}, as Confluent's sinks name them). They hold no training
     * records, so the trainer leaves them out whatever their format.
     */
    public enum Companion {
        KEYS("keys"),
        HEADERS("headers");

        private final String text;
        private final Pattern name;

        Companion(String text) {
            this.text = text;
            this.name = Pattern.compile(".*\\D\\d+\\." + text + "\\..+");
        }

        /** The part's name between the start offset and the extension. */
        public String text() {
            return text;
        }

        /**
         * The part an object named {@code name} holds, or empty when it is not one of these objects: its start offset
         * is followed by the part's name, whatever delimiter ({@code file.delim}) comes before.
         */
        public static Optional<Companion> of(String name) {
            String file = name.substring(name.lastIndexOf('/') + 1);
            for (Companion companion : values()) {
                if (companion.name.matcher(file).matches()) {
                    return Optional.of(companion);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The parts of an object's name.
     *
     * @param directory {@code <topics.dir>/<topic>/<partition path>}, or empty for a name without directories
     */
    public record ObjectName(String directory, String topic, int kafkaPartition, long startOffset, Extension extension) {
        /** The name these parts make, the start offset zero-padded to {@link #DEFAULT_OFFSET_WIDTH} digits. */
        public String name() {
            return name(DEFAULT_OFFSET_WIDTH);
        }

        /** The name these parts make, the start offset zero-padded to {@code offsetWidth} digits (at least 1). */
        public String name(int offsetWidth) {
            String file = fileName(topic, kafkaPartition, startOffset, extension.text(), offsetWidth, DEFAULT_FILE_DELIMITER);
            return directory.isEmpty() ? file : directory + "/" + file;
        }
    }

    /** The span of record time a partition directory holds: {@code start} inclusive, {@code end} exclusive. */
    public record TimeSpan(LocalDateTime start, LocalDateTime end) {
    }

    /**
     * The name of the object holding the records of {@code topic}'s {@code kafkaPartition} from {@code startOffset} in
     * the directory {@code partitionPath} (the partitioner's, e.g. {@code dt=2026-11-24/hour=13}); a trailing slash of
     * {@code topicsDir} is dropped.
     */
    public static String objectName(String topicsDir, String topic, String partitionPath, int kafkaPartition,
                                    long startOffset, Extension extension) {
        return objectName(topicsDir, topic, partitionPath, kafkaPartition, startOffset, extension, DEFAULT_OFFSET_WIDTH);
    }

    /** As {@link #objectName(String, String, String, int, long, Extension)}, the offset padded to {@code offsetWidth}. */
    public static String objectName(String topicsDir, String topic, String partitionPath, int kafkaPartition,
                                    long startOffset, Extension extension, int offsetWidth) {
        return objectName(topicsDir, topic, partitionPath, kafkaPartition, startOffset, extension.text(), offsetWidth,
                DEFAULT_FILE_DELIMITER);
    }

    /**
     * As {@link #objectName(String, String, String, int, long, Extension, int)}, with topic, partition and offset
     * joined by {@code fileDelimiter} (see {@link #checkFileDelimiter}), for any extension, without the leading dot:
     * also for a file the trainer does not read (the sink's raw bytes, or a {@link Companion}), whose name
     * {@link #parse} finds no {@link Extension} in.
     */
    public static String objectName(String topicsDir, String topic, String partitionPath, int kafkaPartition,
                                    long startOffset, String extension, int offsetWidth, String fileDelimiter) {
        String root = topicsDir.endsWith("/") ? topicsDir.substring(0, topicsDir.length() - 1) : topicsDir;
        return root + "/" + topic + "/" + partitionPath + "/"
                + fileName(topic, kafkaPartition, startOffset, extension, offsetWidth, fileDelimiter);
    }

    /**
     * Throws IllegalArgumentException saying why {@code fileDelimiter} cannot join the parts of a file name: it must
     * not be empty, hold a digit (partition and offset are digits) or a '/' (which GCS shows as a folder).
     */
    public static void checkFileDelimiter(String fileDelimiter) {
        if (fileDelimiter == null || fileDelimiter.isEmpty()) {
            throw new IllegalArgumentException("must not be empty: it separates topic, partition and start offset");
        }
        if (fileDelimiter.chars().anyMatch(c -> Character.isDigit(c) || c == '/')) {
            throw new IllegalArgumentException("must hold no digit, which would run into the partition and offset, and no '/', "
                    + "which GCS shows as a folder");
        }
    }

    private static Pattern fileName(String fileDelimiter) {
        String delimiter = Pattern.quote(fileDelimiter);
        return Pattern.compile("(.+)" + delimiter + "(\\d+)" + delimiter + "(\\d+)\\.(.+)");
    }

    private static String fileName(String topic, int kafkaPartition, long startOffset, String extension, int offsetWidth,
                                   String fileDelimiter) {
        if (offsetWidth < 1) {
            throw new IllegalArgumentException("an offset width must be at least 1, not " + offsetWidth);
        }
        return topic + fileDelimiter + kafkaPartition + fileDelimiter + String.format("%0" + offsetWidth + "d", startOffset)
                + "." + extension;
    }

    /** The parts of {@code name}, or empty when it is not named as the sink names objects by default. */
    public static Optional<ObjectName> parse(String name) {
        return parse(name, FILE_NAME);
    }

    /** As {@link #parse(String)}, for a sink whose {@code file.delim} is {@code fileDelimiter}. */
    public static Optional<ObjectName> parse(String name, String fileDelimiter) {
        return parse(name, DEFAULT_FILE_DELIMITER.equals(fileDelimiter) ? FILE_NAME : fileName(fileDelimiter));
    }

    private static Optional<ObjectName> parse(String name, Pattern fileName) {
        int slash = name.lastIndexOf('/');
        Matcher file = fileName.matcher(name.substring(slash + 1));
        if (!file.matches()) {
            return Optional.empty();
        }
        Optional<Extension> extension = Extension.named(file.group(4));
        String directory = slash < 0 ? "" : name.substring(0, slash);
        try {
            int kafkaPartition = Integer.parseInt(file.group(2));
            long startOffset = Long.parseLong(file.group(3));
            return extension.map(ext -> new ObjectName(directory, file.group(1), kafkaPartition, startOffset, ext));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The record time of the file at {@code relativeName} (segments separated by {@code /}) from its partition
     * directories: the hour of its {@code hour=} directory within its {@code dt=} directory, or the whole day without
     * one. Empty without a valid {@code dt=} directory, as the time of such a file is unknown.
     */
    public static Optional<TimeSpan> timeSpan(String relativeName) {
        LocalDate day = null;
        Integer hour = null;
        for (String segment : relativeName.split("/")) {
            Matcher dayMatch = DAY.matcher(segment);
            Matcher hourMatch = HOUR.matcher(segment);
            if (dayMatch.matches()) {
                try {
                    day = LocalDate.parse(dayMatch.group(1));
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            } else if (hourMatch.matches()) {
                hour = Integer.parseInt(hourMatch.group(1));
            }
        }
        if (day == null || (hour != null && hour > 23)) {
            return Optional.empty();
        }
        LocalDateTime start = hour == null ? day.atStartOfDay() : day.atTime(hour, 0);
        return Optional.of(new TimeSpan(start, hour == null ? start.plusDays(1) : start.plusHours(1)));
    }
}
