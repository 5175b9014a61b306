package io.fleetml.it;

import io.fleetml.testkit.demo.PipelineDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main job of demo.sh, on the built bundle: every published reading reaches the training files, masked. */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PipelineDemoIT {
    @Test
    void everyReadingLandsInTheTrainingFilesWithoutPersonalData() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PipelineDemo.Result result;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            result = PipelineDemo.run(Bundle.pluginPath(), out);
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        assertEquals(result.published(), result.distinct(), report);
        assertEquals(0, result.leaks(), report);
        assertTrue(result.objects() > 1, report);
        assertTrue(report.contains("dt=2025-11-24/hour=16"), report);
    }
}
