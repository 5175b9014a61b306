package io.fleetml.connect.mqtt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WarningThrottleTest {
    @Test
    void letsOneWarningThroughPerIntervalAndCountsTheOnesHeldBack() {
        WarningThrottle throttle = new WarningThrottle(1_000);
        assertEquals(0, throttle.pass(0));
        assertEquals(-1, throttle.pass(10));
        assertEquals(-1, throttle.pass(999));
        assertEquals(2, throttle.pass(1_000));
        assertEquals(0, throttle.pass(5_000));
    }
}
