package io.fleetml.trainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InputSelectionTest {
    @Test
    void keysAndHeadersStoredBesideTheValuesAreReportedNotRead(@TempDir Path root) throws IOException {
        Path directory = Files.createDirectories(root.resolve("topics/payments/partition=0"));
        for (String name : List.of("payments+0+0000000000.parquet", "payments+0+0000000000.keys.parquet",
                "payments+0+0000000000.headers.json", "payments+0+0000000000.keys.jsonl")) {
            Files.write(directory.resolve(name), new byte[0]);
        }
        InputSelection selection = InputSelection.of(LocalSinkFile.below(root), PartitionRange.ALL, "+");
        assertEquals(List.of("topics/payments/partition=0/payments+0+0000000000.parquet"),
                selection.selected().stream().map(SinkFile::relativeName).toList());
        assertEquals(3, selection.otherFormats().size(), selection.otherFormats().toString());
    }
}
