package io.fleetml.simulator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdentifiersTest {
    @Test
    void vinCheckDigitMatchesTheIso3779Example() {
        assertEquals('X', Identifiers.vinCheckDigit("1M8GDM9AXKP042788".toCharArray()));
    }

    @Test
    void luhnCompletionGivesKnownTestCard() {
        assertEquals("4111111111111111", Identifiers.luhnCompleted("411111111111111"));
    }
}
