package io.fleetml.connect.gcs;

import io.fleetml.connect.gcs.ReplayGuard.State;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay bookkeeping of one partition, driven record by record as the writer drives it, without an object store. */
class ReplayGuardTest {
    private static final TopicPartition TP = new TopicPartition("payments", 0);
    private static final String ID = "pubsub.message.id";
    private static final int WINDOW = 5;
    /** Message ids by offset: every copy is at most {@value #WINDOW} offsets after its original, except m1's last. */
    private static final String[] LOG = {"m0", "m1", "m2", "m1", "m3", "m4", "m2", "m5", "m6", "m4", "m7", "m1", "m8"};

    private final RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP), false);
    private final SinkMetrics metrics = new SinkMetrics();

    private ReplayGuard guard(MessageIdentity identity) {
        metrics.register(context.pluginMetrics());
        return new ReplayGuard(TP, identity, WINDOW, record -> record.value() == null, context, metrics);
    }

    private ReplayGuard deduplicating() {
        return guard(MessageIdentity.header(ID));
    }

    private static SinkRecord record(long offset, String id) {
        return new SinkRecord(TP.topic(), TP.partition(), null, null, Schema.STRING_SCHEMA, "value " + offset, offset, null, null,
                new ConnectHeaders().addString(ID, id));
    }

    private static SinkRecord tombstone(long offset, String id) {
        return new SinkRecord(TP.topic(), TP.partition(), null, null, null, null, offset, null, null,
                new ConnectHeaders().addString(ID, id));
    }

    /** Offsets from {@code from} on that the guard admits and finds to be copies, as the writer asks. */
    private static List<Long> copiesFrom(ReplayGuard guard, long from) {
        List<Long> copies = new ArrayList<>();
        for (long offset = from; offset < LOG.length; offset++) {
            SinkRecord record = record(offset, LOG[(int) offset]);
            if (guard.admits(record) && guard.isCopy(record)) {
                copies.add(offset);
            }
        }
        return copies;
    }

    @Test
    void aPartitionStartingAtOffsetZeroWritesAtOnceAndDetectsCopiesWithinTheWindow() {
        ReplayGuard guard = deduplicating();
        assertEquals(State.AWAITING_FIRST_RECORD, guard.state());
        assertEquals(OptionalLong.empty(), guard.committableOffset());

        assertEquals(List.of(3L, 6L, 9L), copiesFrom(guard, 0), "m1 at 11 is 8 offsets after its last copy at 3");
        assertEquals(State.WRITING, guard.state());
        assertEquals(OptionalLong.of(0), guard.committableOffset());
        assertEquals(Set.of(), context.rewinds.keySet(), "nothing before offset 0 to re-read");
    }

    @Test
    void aPartitionStartingAtOffsetCReReadsTheWindowBeforeCWithoutWritingIt() {
        ReplayGuard guard = deduplicating();
        assertFalse(guard.admits(record(7, LOG[7])), "the first record starts the warm-up");
        assertEquals(State.REWINDING_TO_WARM_UP, guard.state());
        assertEquals(2L, context.rewinds.get(TP), "a window's length before offset 7");
        assertEquals(OptionalLong.of(7), guard.committableOffset());
        assertTrue(guard.warmingUp(), "the task commits no offsets meanwhile");
        assertFalse(guard.admits(record(8, LOG[8])), "the rest of the put predates the seek");

        guard.startPut();
        assertEquals(State.WARMING_UP, guard.state());
        for (long offset = 2; offset < 7; offset++) {
            assertFalse(guard.admits(record(offset, LOG[(int) offset])), "re-read only: " + offset);
        }
        assertEquals(State.WRITING, guard.state());
        assertFalse(guard.warmingUp());
        assertEquals(List.of(9L), copiesFrom(guard, 7), "m4 at 9 repeats offset 5, which the warm-up re-read");
    }

    @Test
    void aPartitionStartingWithinTheFirstWindowReReadsFromOffsetZero() {
        ReplayGuard guard = deduplicating();
        assertFalse(guard.admits(record(3, LOG[3])));
        assertEquals(0L, context.rewinds.get(TP));
        guard.startPut();
        assertEquals(List.of(3L, 6L, 9L), copiesFrom(guard, 0), "the same copies as a run from offset 0");
    }

    @Test
    void theWarmUpEndsAtALaterOffsetWhenTheOneBeforeTheResumeOffsetHoldsNoRecord() {
        ReplayGuard guard = deduplicating();
        guard.admits(record(10, LOG[10]));
        guard.startPut();
        assertFalse(guard.admits(record(5, LOG[5])));
        assertFalse(guard.admits(record(6, LOG[6])));
        assertTrue(guard.admits(record(11, LOG[11])), "offsets 7 to 10 were compacted away");
        assertEquals(State.WRITING, guard.state());
    }

    @Test
    void afterAGcsFailureTheRewindRebuildsTheWindowAndTheReplaySkipsTheSameCopies() {
        ReplayGuard guard = deduplicating();
        List<Long> firstPass = copiesFrom(guard, 0);
        guard.committedUpTo(8);

        guard.rewind();
        assertEquals(State.REWINDING_TO_WARM_UP, guard.state());
        assertEquals(3L, context.rewinds.get(TP), "a window's length before the committed offset 8");
        assertTrue(guard.warmingUp());
        assertFalse(guard.admits(record(12, LOG[12])), "the rest of the put predates the seek");

        guard.startPut();
        for (long offset = 3; offset < 8; offset++) {
            assertFalse(guard.admits(record(offset, LOG[(int) offset])), "re-read only: " + offset);
        }
        assertEquals(firstPass.stream().filter(offset -> offset >= 8).toList(), copiesFrom(guard, 8));
        assertEquals(OptionalLong.of(8), guard.committableOffset());
    }

    @Test
    void aRewindBeforeAnyCommitOfAPartitionStartedAtZeroHasNothingToReRead() {
        ReplayGuard guard = deduplicating();
        copiesFrom(guard, 0);
        guard.rewind();
        assertEquals(State.REWINDING, guard.state());
        assertEquals(0L, context.rewinds.get(TP));
        assertFalse(guard.warmingUp());
        guard.startPut();
        assertEquals(List.of(3L, 6L, 9L), copiesFrom(guard, 0), "the window was cleared, so the replay finds the same copies");
    }

    @Test
    void committingMovesTheCommittedOffsetAndRecordsBeforeItAreNotWrittenAgain() {
        ReplayGuard guard = guard(null);
        assertTrue(guard.admits(record(4, "m4")), "without deduplication nothing is re-read");
        assertEquals(OptionalLong.of(4), guard.committableOffset());
        guard.committedUpTo(9);
        assertEquals(OptionalLong.of(9), guard.committableOffset());
        assertFalse(guard.admits(record(8, "m8")));
        assertTrue(guard.admits(record(9, "m9")));
    }

    @Test
    void withoutDeduplicationARewindGoesBackToTheCommittedOffsetAndNothingIsACopy() {
        ReplayGuard guard = guard(null);
        assertTrue(guard.admits(record(10, "m")));
        assertFalse(guard.isCopy(record(11, "m")));
        guard.committedUpTo(11);

        guard.rewind();
        assertEquals(State.REWINDING, guard.state());
        assertEquals(11L, context.rewinds.get(TP));
        assertFalse(guard.warmingUp());
        assertFalse(guard.admits(record(12, "m")), "the rest of the put predates the seek");
        guard.startPut();
        assertEquals(State.WRITING, guard.state());
        assertTrue(guard.admits(record(11, "m")));
    }

    @Test
    void tombstonesTheWriterSkipsDoNotJoinTheWindowDuringTheWarmUp() {
        ReplayGuard guard = deduplicating();
        guard.admits(record(2, "a"));
        guard.startPut();
        assertFalse(guard.admits(tombstone(0, "a")));
        assertFalse(guard.admits(record(1, "b")));
        SinkRecord resumed = record(2, "a");
        assertTrue(guard.admits(resumed));
        assertFalse(guard.isCopy(resumed), "a skipped tombstone never reached the copy check in the first pass either");
    }

    @Test
    void aRecordWithoutAnIdentityIsNotACopyAndIsCounted() {
        ReplayGuard guard = deduplicating();
        SinkRecord unidentified = new SinkRecord(TP.topic(), TP.partition(), null, null, Schema.STRING_SCHEMA, "v", 0);
        assertTrue(guard.admits(unidentified));
        assertFalse(guard.isCopy(unidentified));
        assertEquals(1.0, context.metric("records-without-identity"));
    }
}
