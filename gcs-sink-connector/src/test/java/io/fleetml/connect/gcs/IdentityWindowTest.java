package io.fleetml.connect.gcs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityWindowTest {
    @Test
    void anIdentityIsSeenOnlyWithinTheWindowBeforeTheOffset() {
        IdentityWindow window = new IdentityWindow(3);
        window.add(10, "a");
        assertTrue(window.contains(11, "a"));
        assertTrue(window.contains(13, "a"), "offset 10 is the third before 13");
        assertFalse(window.contains(11, "b"));
        assertFalse(window.contains(14, "a"), "offset 10 is four before 14");
    }

    @Test
    void evictionForgetsOldOffsetsButKeepsAnIdentityARecentOffsetStillHas() {
        IdentityWindow window = new IdentityWindow(2);
        window.add(0, "a");
        window.add(1, "b");
        window.add(2, "a");
        assertTrue(window.contains(4, "a"), "offset 0 is gone, offset 2 still holds a");
        assertFalse(window.contains(4, "b"));
        assertEquals(1, window.size());
        window.add(10, "c");
        assertFalse(window.contains(10, "a"));
        assertEquals(1, window.size(), "adding evicts too, so a window never outgrows its offsets");
    }

    @Test
    void truncationForgetsTheOffsetsToBeDeliveredAgain() {
        IdentityWindow window = new IdentityWindow(100);
        window.add(5, "a");
        window.add(6, "b");
        window.add(7, "a");
        window.add(8, "c");
        window.truncateFrom(7);
        assertEquals(2, window.size());
        assertTrue(window.contains(7, "a"), "offset 5 still holds a");
        assertTrue(window.contains(7, "b"));
        assertFalse(window.contains(7, "c"));
        window.truncateFrom(0);
        assertFalse(window.contains(7, "a"));
        assertEquals(0, window.size());
    }
}
