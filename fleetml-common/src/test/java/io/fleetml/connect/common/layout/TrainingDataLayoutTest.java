package io.fleetml.connect.common.layout;

import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import io.fleetml.connect.common.layout.TrainingDataLayout.ObjectName;
import io.fleetml.connect.common.layout.TrainingDataLayout.TimeSpan;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainingDataLayoutTest {
    private static final String HOUR_13 = "dt=2026-11-24/hour=13";

    @Test
    void anObjectNameHasTheDocumentedLayout() {
        assertEquals("topics/telemetry/dt=2026-11-24/hour=13/telemetry+3+00000000000000000042.parquet",
                TrainingDataLayout.objectName("topics/", "telemetry", HOUR_13, 3, 42, Extension.PARQUET));
    }

    @Test
    void everyExtensionReadsBackFromTheNameItMakes() {
        for (Extension extension : Extension.values()) {
            String name = TrainingDataLayout.objectName("topics", "payments", HOUR_13, 0, 7, extension);
            ObjectName parts = TrainingDataLayout.parse(name).orElseThrow();
            assertEquals(new ObjectName("topics/payments/" + HOUR_13, "payments", 0, 7, extension), parts);
            assertEquals(name, parts.name());
            assertEquals(Optional.of(extension), Extension.of(name));
            assertEquals(extension, Extension.fromText(extension.text()));
        }
    }

    @Test
    void oddTopicNamesReadBack() {
        // Legal Kafka topic names that look like extensions, offsets, dates or the topics directory.
        List<String> topics = List.of("vehicle.readings_v2-eu", "x.parquet", "telemetry.jsonl.gz", "2026", "dt=2026-11-24",
                "topics", "_internal", "a".repeat(249));
        for (String topic : topics) {
            String name = TrainingDataLayout.objectName("data/" + topic, topic, "partition=12", 12, Long.MAX_VALUE, Extension.JSONL);
            ObjectName parts = TrainingDataLayout.parse(name).orElseThrow(() -> new AssertionError(name));
            assertEquals(new ObjectName("data/" + topic + "/" + topic + "/partition=12", topic, 12, Long.MAX_VALUE,
                    Extension.JSONL), parts, name);
            assertEquals(name, parts.name());
        }
    }

    @Test
    void namesJoinedByAnotherDelimiterReadBackEvenWhenTheTopicHoldsIt() {
        String name = TrainingDataLayout.objectName("topics", "fleet_payments-eu", "partition=3", 3, 42, "json", 10, "_");
        assertEquals("topics/fleet_payments-eu/partition=3/fleet_payments-eu_3_0000000042.json", name);
        ObjectName parts = TrainingDataLayout.parse(name, "_").orElseThrow();
        assertEquals(List.of("fleet_payments-eu", 3, 42L, Extension.JSON), List.of(parts.topic(), parts.kafkaPartition(),
                parts.startOffset(), parts.extension()));
        assertEquals(Optional.empty(), TrainingDataLayout.parse(name), "not a name of the default delimiter");
        assertEquals(Optional.of(TrainingDataLayout.Companion.KEYS),
                TrainingDataLayout.Companion.of("topics/t/partition=3/t_3_0000000042.keys.avro"), "whatever the delimiter");
    }

    @Test
    void aDelimiterThatWouldNotReadBackIsRefusedSayingWhy() {
        for (String delimiter : List.of("", "0", "a1", "/", "-/")) {
            assertThrows(IllegalArgumentException.class, () -> TrainingDataLayout.checkFileDelimiter(delimiter), delimiter);
        }
        for (String delimiter : List.of("+", "_", "-", "__", ".")) {
            TrainingDataLayout.checkFileDelimiter(delimiter);
        }
    }

    @Test
    void keysAndHeadersBesideTheValuesAreCompanionsAndNoValuesObject() {
        String values = "topics/keys.headers/partition=0/keys.headers+0+0000000003.parquet";
        assertEquals(Optional.empty(), TrainingDataLayout.Companion.of(values), "a topic named like the parts is no companion");
        String keys = "topics/t/partition=0/t+0+0000000003.keys.parquet";
        assertEquals(Optional.of(TrainingDataLayout.Companion.KEYS), TrainingDataLayout.Companion.of(keys));
        assertEquals(Optional.of(TrainingDataLayout.Companion.HEADERS), TrainingDataLayout.Companion.of("t+0+3.headers.json.gz"));
        assertEquals(Optional.empty(), TrainingDataLayout.parse(keys), "the trainer never takes it for values");
        assertEquals(Optional.empty(), TrainingDataLayout.Companion.of("topics/t/keys.parquet"));
    }

    @Test
    void aNameWithoutDirectoriesReadsBack() {
        ObjectName parts = TrainingDataLayout.parse("payments+0+00000000000000000000.jsonl.gz").orElseThrow();
        assertEquals(new ObjectName("", "payments", 0, 0, Extension.JSONL_GZIP), parts);
        assertEquals("payments+0+00000000000000000000.jsonl.gz", parts.name());
    }

    @Test
    void namesSortByStartOffset() {
        List<Long> offsets = List.of(0L, 9L, 10L, 99L, 100L, 1_000_000_007L, Long.MAX_VALUE - 1, Long.MAX_VALUE);
        List<String> names = new ArrayList<>();
        for (long offset : offsets) {
            names.add(TrainingDataLayout.objectName("topics", "t", "partition=0", 0, offset, Extension.AVRO));
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(names, sorted);
    }

    @Test
    void anOffsetPaddedToConfluentsTenDigitsNamesAndParsesAsTheSameParts() {
        String name = TrainingDataLayout.objectName("topics", "payments", "partition=0", 0, 42, Extension.JSONL, 10);
        assertEquals("topics/payments/partition=0/payments+0+0000000042.jsonl", name);
        assertEquals(new ObjectName("topics/payments/partition=0", "payments", 0, 42, Extension.JSONL),
                TrainingDataLayout.parse(name).orElseThrow());
        assertEquals("payments+0+12345678901.jsonl", new ObjectName("", "payments", 0, 12_345_678_901L, Extension.JSONL).name(10),
                "an offset wider than the width is written whole");
        assertThrows(IllegalArgumentException.class, () -> new ObjectName("", "t", 0, 1, Extension.CSV).name(0));
    }

    @Test
    void rawBytesAreNamedWithTheirOwnExtensionAndNotTakenForTrainingData() {
        String name = TrainingDataLayout.objectName("topics", "payments", "partition=0", 0, 42, "bin", 10, "+");
        assertEquals("topics/payments/partition=0/payments+0+0000000042.bin", name);
        assertEquals(Optional.empty(), TrainingDataLayout.parse(name));
        assertEquals(Optional.empty(), Extension.of(name));
        assertThrows(IllegalArgumentException.class, () -> TrainingDataLayout.objectName("topics", "t", "partition=0", 0, 1, "bin", 0, "+"));
    }

    @Test
    void confluentsJsonNamesAreNotTakenForJsonLinesNamesOrTheOtherWayRound() {
        assertEquals(Optional.of(Extension.JSON), Extension.of("t+0+0000000000.json"));
        assertEquals(Optional.of(Extension.JSON_GZIP), Extension.of("t+0+0000000000.json.gz"));
        assertEquals(Optional.of(Extension.JSONL), Extension.of("t+0+0000000000.jsonl"));
        assertEquals(Optional.of(Extension.JSONL_GZIP), Extension.of("t+0+0000000000.jsonl.gz"));
    }

    @Test
    void namesTheSinkDoesNotWriteDoNotParse() {
        for (String name : List.of("topics/payments/_README.txt", "payments.jsonl", "t+0+.jsonl",
                "t+0+00000000000000000042.txt", "t+0+00000000000000000042.gz", "t+x+00000000000000000042.csv",
                "t+99999999999+00000000000000000042.csv", "t+0+99999999999999999999.csv")) {
            assertEquals(Optional.empty(), TrainingDataLayout.parse(name), name);
        }
    }

    @Test
    void theExtensionOfAFileIsTheLongestItEndsWith() {
        assertEquals(Optional.of(Extension.JSONL_GZIP), Extension.of("dt=2026-11-24/t+0+00000000000000000000.jsonl.gz"));
        assertEquals(Optional.of(Extension.JSONL), Extension.of("data.jsonl"));
        assertEquals(Optional.of(Extension.CSV_GZIP), Extension.of("data.csv.gz"));
        assertEquals(Optional.of(Extension.TFRECORD), Extension.of("x.jsonl+0+00000000000000000000.tfrecord"));
        assertEquals(Optional.empty(), Extension.of("data.gz"));
        assertEquals(Optional.empty(), Extension.of("jsonl"));
        assertEquals("'gz' is not an extension of the training data layout",
                assertThrows(IllegalArgumentException.class, () -> Extension.fromText("gz")).getMessage());
    }

    @Test
    void theDefaultPathFormatReadsBackAsTheHourOfTheRecord() {
        DateTimeFormatter pathFormat = DateTimeFormatter.ofPattern(TrainingDataLayout.DEFAULT_PATH_FORMAT).withZone(ZoneOffset.UTC);
        String directory = pathFormat.format(Instant.parse("2026-11-30T04:59:59.999Z"));
        assertEquals("dt=2026-11-30/hour=04", directory);
        LocalDateTime four = LocalDateTime.parse("2026-11-30T04:00");
        assertEquals(Optional.of(new TimeSpan(four, four.plusHours(1))),
                TrainingDataLayout.timeSpan("region=eu/" + directory + "/payments+0+00000000000000000000.parquet"));
    }

    @Test
    void aDayDirectoryWithoutAnHourSpansTheWholeDay() {
        LocalDateTime midnight = LocalDateTime.parse("2026-11-30T00:00");
        assertEquals(Optional.of(new TimeSpan(midnight, midnight.plusDays(1))),
                TrainingDataLayout.timeSpan("dt=2026-11-30/payments+0+00000000000000000000.jsonl"));
    }

    @Test
    void aFileWithoutAValidDayDirectoryHasNoTime() {
        for (String name : List.of("payments+0+00000000000000000000.jsonl", "hour=04/payments.jsonl",
                "dt=2026-02-30/hour=04/payments.jsonl", "dt=2026-11-30/hour=24/payments.jsonl", "dt=26-11-30/payments.jsonl",
                "date=2026-11-30/payments.jsonl")) {
            assertEquals(Optional.empty(), TrainingDataLayout.timeSpan(name), name);
        }
    }
}
