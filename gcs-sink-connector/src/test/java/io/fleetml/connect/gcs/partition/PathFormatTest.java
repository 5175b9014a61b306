package io.fleetml.connect.gcs.partition;

import io.fleetml.connect.common.config.ValidationErrors;
import io.fleetml.connect.common.layout.TrainingDataLayout;
import io.fleetml.connect.gcs.GcsSinkConfig;
import io.fleetml.connect.gcs.GcsSinkConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathFormatTest {
    private static final String CONFLUENT_HOURLY = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH";

    private static DateTimeFormatter configured(String pattern) {
        return new GcsSinkConfig(Map.of("gcs.bucket.name", "training", "path.format", pattern)).pathFormat();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-12-29", "2024-12-30", "2024-12-31", "2025-12-28", "2025-12-29", "2025-12-30", "2025-12-31"})
    void theLastDaysOfDecemberStayInTheirYearWithConfluentsJodaPattern(String day) {
        LocalDate date = LocalDate.parse(day);
        var instant = date.atTime(23, 0).toInstant(ZoneOffset.UTC);
        String expected = "year=" + date.getYear() + "/month=12/day=" + day.substring(8) + "/hour=23";
        assertEquals(expected, configured(CONFLUENT_HOURLY).format(instant));
        assertNotEquals(expected, DateTimeFormatter.ofPattern(CONFLUENT_HOURLY, Locale.ENGLISH).withZone(ZoneOffset.UTC).format(instant),
                "read as java.time, YYYY is the week-based year, which is the next one on this day");
    }

    @Test
    void thisSinksOwnJavaTimePatternsAreReadUnchanged() {
        for (String pattern : List.of(TrainingDataLayout.DEFAULT_PATH_FORMAT, "'dt'=yyyy-MM-dd", "yyyy/MM/dd/HH/mm", "'day'=EEE", "'doy'=DDD")) {
            assertEquals(pattern, PathFormat.toJavaTime(pattern));
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {'x', 'w', 'W', 'e', 'c', 'C', 'u'})
    void weekBasedAndAmbiguousLettersAreRefusedNamingTheLetter(char letter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathFormat.toJavaTime("'v'=" + letter + letter));
        assertTrue(e.getMessage().contains("'" + letter + "'"), e.getMessage());
    }

    @Test
    void quotedTextKeepsEveryLetterAsWritten() {
        assertEquals("'week'=yyyy/'Year'=yyyy", PathFormat.toJavaTime("'week'=YYYY/'Year'=yyyy"));
        assertEquals("'it''s'=yyyy", PathFormat.toJavaTime("'it''s'=YYYY"));
    }

    @Test
    void validateShowsARefusedLetterOnPathFormat() {
        Map<String, List<String>> errors = ValidationErrors.of(new GcsSinkConnector().validate(
                Map.of("gcs.bucket.name", "training", "format", "jsonl", "path.format", "'week'=ww")));
        assertEquals(List.of("path.format"), List.copyOf(errors.keySet()));
        assertTrue(errors.get("path.format").get(0).contains("'w'"), errors.toString());
    }
}
