package io.fleetml.connect.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicPatternTest {
    @Test
    void capturesBecomeSingleLevelWildcardsAndAreCaptured() {
        TopicPattern pattern = TopicPattern.parse("vehicles/{vin}/{signal}");
        assertEquals("vehicles/+/+", pattern.subscriptionFilter());
        assertEquals(Set.of("vin", "signal"), pattern.captureNames());
        assertEquals(Map.of("vin", "1FLEET00001", "signal", "telemetry"), pattern.match("vehicles/1FLEET00001/telemetry"));
    }

    @Test
    void matchingFollowsMqttRules() {
        TopicPattern multi = TopicPattern.parse("vehicles/{vin}/#");
        assertEquals(Map.of("vin", "V1"), multi.match("vehicles/V1"));
        assertEquals(Map.of("vin", "V1"), multi.match("vehicles/V1/a/b/c"));
        assertNull(multi.match("trucks/V1/a"));
        TopicPattern exact = TopicPattern.parse("vehicles/{vin}/telemetry");
        assertNull(exact.match("vehicles/V1/telemetry/extra"));
        assertNull(exact.match("vehicles/V1"));
        assertEquals(Map.of("vin", ""), exact.match("vehicles//telemetry"), "+ matches an empty level");
        assertNull(TopicPattern.parse("+/status").match("$SYS/status"), "wildcards do not match $ topics");
        assertEquals(Map.of(), TopicPattern.parse("#").match("a/b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a/b#", "a/x+", "a/{vin}x", "a/{v-n}", "a/{vin}/{vin}", "$share/g/a/b"})
    void invalidFiltersAreRejectedWithTheReason(String filter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopicPattern.parse(filter));
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }

    @Test
    void templatesRenderCaptures() {
        Template template = Template.parse("kafka.topic", "telemetry.{signal}.{vin}");
        assertEquals(Set.of("signal", "vin"), template.names());
        assertEquals("telemetry.speed.V1", template.render(Map.of("signal", "speed", "vin", "V1")));
        assertEquals("plain", Template.parse("kafka.topic", "plain").render(Map.of()));
        assertThrows(org.apache.kafka.common.config.ConfigException.class, () -> Template.parse("kafka.topic", "t.{bad"));
    }
}
