package io.fleetml.trainer;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time range over the sink's partition directories, {@code dt=2026-11-30/hour=04} as its default {@code path.format}
 * writes them (in the sink's time zone, UTC unless configured): {@code from} inclusive, {@code to} exclusive, each to
 * the hour. A file belongs to the hour of its {@code hour=} directory, or to the whole day of its {@code dt=} directory
 * when it has no {@code hour=}, and is selected when that span overlaps the range. With a bound set, files outside any
 * {@code dt=} directory are not selected, as their time is unknown.
 */
public record PartitionRange(LocalDateTime from, LocalDateTime to) {
    public static final PartitionRange ALL = new PartitionRange(null, null);

    private static final Pattern DAY = Pattern.compile("dt=(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern HOUR = Pattern.compile("hour=(\\d{2})");

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
        Optional<LocalDateTime[]> span = span(relativeName);
        if (span.isEmpty()) {
            return false;
        }
        LocalDateTime start = span.get()[0];
        LocalDateTime end = span.get()[1];
        return (to == null || start.isBefore(to)) && (from == null || end.isAfter(from));
    }

    private static Optional<LocalDateTime[]> span(String relativeName) {
        LocalDate day = null;
        Integer hour = null;
        for (String name : relativeName.split("/")) {
            Matcher dayMatch = DAY.matcher(name);
            Matcher hourMatch = HOUR.matcher(name);
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
        return Optional.of(new LocalDateTime[] {start, hour == null ? start.plusDays(1) : start.plusHours(1)});
    }
}
