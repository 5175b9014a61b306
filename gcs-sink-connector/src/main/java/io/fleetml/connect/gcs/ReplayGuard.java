package io.fleetml.connect.gcs;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Decides which records the consumer delivers to one Kafka partition its writer handles, so that neither a replay nor
 * a redelivered copy puts a message into GCS twice. It keeps the partition's committed offset, sends the consumer back
 * to it after a GCS failure, and, with deduplication on, skips a record whose message identity one of the preceding
 * {@code dedup.window.records} offsets already had.
 *
 * <p>Whether a record is a copy depends only on the offsets before it, so a partition that starts at offset c, or goes
 * back to c, first re-reads the offsets before c into its {@link IdentityWindow} without writing them: the replay then
 * skips the same copies as the first pass did.
 */
final class ReplayGuard {
    private static final Logger log = LoggerFactory.getLogger(ReplayGuard.class);

    /** Where the partition is between the consumer's deliveries and the writer. */
    enum State {
        /** Opened, no record yet: the first record's offset is where the partition resumes. */
        AWAITING_FIRST_RECORD,
        /** Sent back to the committed offset; what the current put still delivers predates the seek and is dropped. */
        REWINDING,
        /** Sent back a window before the committed offset; what the current put still delivers is dropped. */
        REWINDING_TO_WARM_UP,
        /** Re-reading the offsets before the committed one into the window; nothing is written. */
        WARMING_UP,
        /** Records from the committed offset on are handed to the writer. */
        WRITING
    }

    private final TopicPartition tp;
    private final MessageIdentity identity;
    private final long windowRecords;
    private final IdentityWindow window;
    private final Predicate<SinkRecord> skippedTombstone;
    private final SinkTaskContext context;
    private final SinkMetrics metrics;

    private State state = State.AWAITING_FIRST_RECORD;
    private long committedOffset;

    /**
     * {@code identity} is null when deduplication is off; {@code skippedTombstone} says which records the writer skips
     * as tombstones, which never join the window.
     */
    ReplayGuard(TopicPartition tp, MessageIdentity identity, long windowRecords, Predicate<SinkRecord> skippedTombstone,
                SinkTaskContext context, SinkMetrics metrics) {
        this.tp = tp;
        this.identity = identity;
        this.windowRecords = windowRecords;
        this.window = identity == null ? null : new IdentityWindow(windowRecords);
        this.skippedTombstone = skippedTombstone;
        this.context = context;
        this.metrics = metrics;
    }

    /** Where the partition is now. */
    State state() {
        return state;
    }

    /** Called at the start of every {@code put}: records delivered after a seek come from the position sought. */
    void startPut() {
        if (state == State.REWINDING) {
            state = State.WRITING;
        } else if (state == State.REWINDING_TO_WARM_UP) {
            state = State.WARMING_UP;
        }
    }

    /**
     * Whether the writer handles {@code record} (writes it, or skips it as a tombstone or a copy). It does not when the
     * record predates a seek, is re-read to rebuild the window, or lies before the committed offset; the first record of
     * the partition, with deduplication on and earlier offsets to re-read, starts the warm-up instead.
     */
    boolean admits(SinkRecord record) {
        return switch (state) {
            case REWINDING, REWINDING_TO_WARM_UP -> false;
            case AWAITING_FIRST_RECORD -> start(record.kafkaOffset());
            case WARMING_UP -> warmUp(record);
            case WRITING -> record.kafkaOffset() >= committedOffset;
        };
    }

    /**
     * Whether deduplication is on and the record repeats an identity of the window; its identity joins the window either
     * way, so what comes after depends only on the records, whether this one is then written, skipped or reported.
     * A record without an identity is written, and counted.
     */
    boolean isCopy(SinkRecord record) {
        if (identity == null) {
            return false;
        }
        String id = identity.of(record);
        if (id == null) {
            metrics.recordWithoutIdentity();
            return false;
        }
        return window.seen(record.kafkaOffset(), id);
    }

    /** Every record before {@code offset} is in a committed object or deliberately skipped. */
    void committedUpTo(long offset) {
        committedOffset = offset;
    }

    /** While the window is being rebuilt the worker must commit no offsets (see {@link GcsSinkTask#preCommit}). */
    boolean warmingUp() {
        return state == State.REWINDING_TO_WARM_UP || state == State.WARMING_UP;
    }

    /** The offset up to which every record is in a committed object, or deliberately skipped. */
    OptionalLong committableOffset() {
        return state == State.AWAITING_FIRST_RECORD ? OptionalLong.empty() : OptionalLong.of(committedOffset);
    }

    /**
     * Sends the consumer back to the committed offset: after a GCS failure, once the writer has abandoned its open
     * files, or when the partition starts. With deduplication on it goes a window's length further back and rebuilds
     * the window from the same records as before, as the window has moved past what the replay needs.
     */
    void rewind() {
        if (window == null) {
            context.offset(tp, committedOffset);
            state = State.REWINDING;
            return;
        }
        long from = Math.max(0, committedOffset - windowRecords);
        log.info("{}: resuming at offset {}; re-reading from offset {} first to rebuild the deduplication window", tp,
                committedOffset, from);
        window.clear();
        context.offset(tp, from);
        state = from < committedOffset ? State.REWINDING_TO_WARM_UP : State.REWINDING;
    }

    /** The partition resumes at {@code offset}; with deduplication on, after re-reading the offsets before it. */
    private boolean start(long offset) {
        committedOffset = offset;
        if (window != null && offset > 0) {
            rewind();
            return false;
        }
        state = State.WRITING;
        return true;
    }

    /**
     * Puts a record before the committed offset into the window as {@link #isCopy} would have. The warm-up ends with
     * the offset before the committed one, or with a later one when that offset holds no record (compaction,
     * transaction markers), which is then admitted.
     */
    private boolean warmUp(SinkRecord record) {
        long offset = record.kafkaOffset();
        if (offset < committedOffset && !skippedTombstone.test(record)) {
            String id = identity.of(record);
            if (id != null) {
                window.seen(offset, id);
            }
        }
        if (offset + 1 >= committedOffset) {
            log.debug("{}: deduplication window rebuilt with {} identities", tp, window.size());
            state = State.WRITING;
        }
        return offset >= committedOffset;
    }
}
