package io.fleetml.connect.common.source;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceHandOffTest {
    private static SourceRecord record(String value) {
        return new SourceRecord(null, null, "t", null, null, null, Schema.STRING_SCHEMA, value);
    }

    @Test
    void pollTakesAtMostABatchInArrivalOrderAndReturnsNullWhenIdle() throws InterruptedException {
        SourceHandOff<String, Integer> handOff = new SourceHandOff<>();
        assertNull(handOff.poll(1, 10, SourceHandOffTest::record, String::length));
        for (String m : List.of("a", "bb", "ccc")) {
            handOff.add(m);
        }
        List<SourceRecord> first = handOff.poll(1, 2, SourceHandOffTest::record, String::length);
        assertEquals(List.of("a", "bb"), first.stream().map(r -> r.value()).toList());
        assertEquals("ccc", handOff.oldest());
        assertEquals(1, handOff.poll(1, 2, SourceHandOffTest::record, String::length).size());
    }

    @Test
    void committedFindsTheTokenByIdentityOnce() throws InterruptedException {
        SourceHandOff<String, Integer> handOff = new SourceHandOff<>();
        handOff.add("four");
        SourceRecord polled = handOff.poll(1, 10, SourceHandOffTest::record, String::length).get(0);
        assertNull(handOff.committed(record("four")), "an equal record that Connect did not get from poll is not ours");
        assertEquals(4, handOff.committed(polled));
        assertNull(handOff.committed(polled));
    }

    @Test
    void removeLosesToAPollThatTookTheMessageFirst() throws InterruptedException {
        SourceHandOff<String, Integer> handOff = new SourceHandOff<>();
        String message = "m";
        handOff.add(message);
        assertSame(message, handOff.oldest());
        handOff.poll(1, 10, SourceHandOffTest::record, String::length);
        assertFalse(handOff.remove(message));
        handOff.add(message);
        assertTrue(handOff.remove(message));
        handOff.clear();
        assertNull(handOff.oldest());
    }
}
