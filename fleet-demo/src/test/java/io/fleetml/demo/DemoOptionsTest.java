package io.fleetml.demo;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoOptionsTest {
    @Test
    void durationsReadAsSecondsOrMinutes() {
        assertEquals(Duration.ofSeconds(150), DemoOptions.parseDuration("150s"));
        assertEquals(Duration.ofSeconds(90), DemoOptions.parseDuration("90"));
        assertEquals(Duration.ofMinutes(2), DemoOptions.parseDuration("2m"));
    }

    @Test
    void everyBadValueIsReportedWithItsOption() {
        assertMessageNames("--duration", "--duration", "fast");
        assertMessageNames("--vehicles", "--vehicles", "many");
        assertMessageNames("--fraud-rate", "--fraud-rate", "two percent");
        assertMessageNames("--fraud-rate", "--fraud-rate", "1.5");
        assertMessageNames("--vehicles", "--vehicles", "0");
        assertMessageNames("--duration", "--duration", "10s");
        assertMessageNames("--colour", "--colour", "red");
        assertMessageNames("--vehicles", "--vehicles");
    }

    @Test
    void missingBuildOutputIsNamedWithHowToBuildIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoOptions.parse(new String[] {"--bundle", "/nonexistent/plugin"}));
        assertTrue(e.getMessage().startsWith("--bundle: no directory at /nonexistent/plugin"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -B -DskipTests package"), e.getMessage());
    }

    private static void assertMessageNames(String option, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(args));
        assertTrue(e.getMessage().contains(option), e.getMessage());
    }
}
