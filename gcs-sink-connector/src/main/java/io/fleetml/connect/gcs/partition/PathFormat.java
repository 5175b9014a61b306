package io.fleetml.connect.gcs.partition;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code path.format}, which Confluent's storage sinks document as a Joda-Time pattern and this sink always read
 * as a java.time one, so that a pattern means the same in both. The two agree on most letters; they differ on
 * {@code Y}, which is year-of-era in Joda but week-based-year in java.time (Confluent's own example {@code 'year'=YYYY}
 * would file December 29 to 31 under the next year in some years), so {@code Y} is read as Joda's. Letters that are
 * week-based, or mean different things in the two (or exist in only one of them with a meaning a user could mistake),
 * are refused, since no reading of them is safe for both kinds of user.
 */
public final class PathFormat {
    private static final Map<Character, String> REFUSED = Map.of(
            'x', "week-based year in Joda, a zone offset in java.time",
            'w', "week of a week-based year, which does not fit calendar year or month directories",
            'W', "week of month, which is week-based and not a Joda letter",
            'e', "day-of-week number, counted from Monday in Joda and by locale in java.time",
            'c', "localized day of week, not a Joda letter",
            'C', "century of era in Joda, not a java.time letter",
            'u', "year in java.time, not a Joda letter (use yyyy)");

    private PathFormat() {
    }

    /**
     * The java.time pattern that {@code pattern} means; an IllegalArgumentException names a refused letter and why.
     * Quoted text is kept as written.
     */
    public static String toJavaTime(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == 'Y') {
                c = 'y';
            } else if (!quoted && REFUSED.containsKey(c)) {
                throw new IllegalArgumentException("the letter '" + c + "' is refused: " + REFUSED.get(c)
                        + "; quote it to write it as text");
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The formatter of {@code pattern}; an IllegalArgumentException says why it is not a pattern. */
    public static DateTimeFormatter formatter(String pattern, Locale locale) {
        return DateTimeFormatter.ofPattern(toJavaTime(pattern), locale);
    }
}
