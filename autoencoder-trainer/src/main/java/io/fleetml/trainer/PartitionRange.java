package io.fleetml.trainer;

import io.fleetml.connect.common.layout.TrainingDataLayout;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A time range over the sink's partition directories, {@code dt=2026-11-30/hour=04} as its default {@code path.format}
 * writes them (in the sink's time zone, UTC unless configured): {@code from} inclusive, {@code to} exclusive, each to
 * the hour. A file is selected when the span of its directories ({@link TrainingDataLayout#timeSpan}) overlaps the
 * range. With a bound set, files outside any {@code dt=} directory are not selected, as their time is unknown.
 */
public record PartitionRange(LocalDateTime from, LocalDateTime to) {
    public static final PartitionRange ALL = new PartitionRange(null, null);

    public PartitionRange {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
    }

    /**
     * Parses a bound as {@code 2026-11-30} (midnight) or {@code 2026-11-30T04} (that hour); {@code flag} names the
     * option in the error.
     */
    public static LocalDateTime parseBound(String text, String flag) {
        String problem = flag + " '" + text + "' is not a date (2026-11-30) or an hour (2026-11-30T04)";
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay();
            }
            if (text.length() == 13 && text.charAt(10) == 'T') {
                return LocalDate.parse(text.substring(0, 10)).atTime(Integer.parseInt(text.substring(11)), 0);
            }
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException(problem, e);
        }
        throw new IllegalArgumentException(problem);
    }

    public boolean unbounded() {
        return from == null && to == null;
    }

    /**
     * Whether the file at {@code relativeName} (below the input location, segments separated by {@code /} for local
     * files and object names alike) is in the range.
     */
    public boolean includes(String relativeName) {
        if (unbounded()) {
            return true;
        }
        return TrainingDataLayout.timeSpan(relativeName)
                .map(span -> (to == null || span.start().isBefore(to)) && (from == null || span.end().isAfter(from)))
                .orElse(false);
    }
}
