package io.fleetml.connect.gcs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityWindowTest {
    @Test
    void anIdentityIsSeenOnlyWithinTheWindowBeforeTheOffset() {
        IdentityWindow window = new IdentityWindow(3);
        assertFalse(window.seen(10, "a"), "the first time");
        assertTrue(window.seen(11, "a"));
        assertTrue(window.seen(14, "a"), "offset 11 is the third before 14");
        assertFalse(window.seen(15, "b"));
        assertFalse(window.seen(18, "a"), "offset 14 is four before 18");
    }

    @Test
    void evictionForgetsOldOffsetsButKeepsAnIdentityARecentOffsetStillHas() {
        IdentityWindow window = new IdentityWindow(2);
        window.seen(0, "a");
        window.seen(1, "b");
        assertTrue(window.seen(2, "a"));
        assertTrue(window.seen(4, "a"), "offset 0 is gone, offset 2 still holds a");
        assertFalse(window.seen(7, "b"));
        assertEquals(1, window.size(), "seeing evicts, so a window never outgrows its offsets");
    }

    @Test
    void clearingForgetsEverything() {
        IdentityWindow window = new IdentityWindow(100);
        window.seen(5, "a");
        window.seen(6, "b");
        window.clear();
        assertEquals(0, window.size());
        assertFalse(window.seen(7, "a"));
    }
}
