package io.fleetml.connect.common.source;

import org.apache.kafka.connect.source.SourceRecord;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where a source task's client threads leave received messages and Connect's poll thread takes them in batches. Each
 * record handed to Connect keeps a token (what acknowledges its message) that {@link #committed} finds again when
 * Connect calls {@code commitRecord}, by identity, because Connect passes back the very object poll returned.
 *
 * @param <M> a received message
 * @param <T> what acknowledges it at its source
 */
public final class SourceHandOff<M, T> {
    private final LinkedBlockingQueue<M> received = new LinkedBlockingQueue<>();
    private final Map<SourceRecord, T> tokens = new IdentityHashMap<>();

    /** Called by the client's threads. */
    public void add(M message) {
        received.add(message);
    }

    /** The oldest message not yet taken, or null. */
    public M oldest() {
        return received.peek();
    }

    /** Takes the message out unless poll took it first; true if it was still here. */
    public boolean remove(M message) {
        return received.remove(message);
    }

    /** Takes out, in order, the messages poll has not taken yet that match. */
    public List<M> takeBack(Predicate<M> match) {
        List<M> taken = new ArrayList<>();
        for (M message : received) {
            if (match.test(message) && received.remove(message)) {
                taken.add(message);
            }
        }
        return taken;
    }

    /**
     * Waits up to {@code waitMs} for a first message, takes at most {@code max}, turns each into a record and keeps its
     * token. Null when nothing arrived, as Connect expects from an idle poll.
     */
    public List<SourceRecord> poll(long waitMs, int max, Function<M, SourceRecord> toRecord, Function<M, T> token)
            throws InterruptedException {
        M first = received.poll(waitMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        List<M> batch = new ArrayList<>(Math.min(max, received.size() + 1));
        batch.add(first);
        received.drainTo(batch, max - 1);
        List<SourceRecord> records = new ArrayList<>(batch.size());
        for (M message : batch) {
            SourceRecord record = toRecord.apply(message);
            synchronized (tokens) {
                tokens.put(record, token.apply(message));
            }
            records.add(record);
        }
        return records;
    }

    /** The token of a record Connect has committed, or null if it is not one of ours (or was already committed). */
    public T committed(SourceRecord record) {
        synchronized (tokens) {
            return tokens.remove(record);
        }
    }

    /** Forgets everything; the source redelivers what was not acknowledged. */
    public void clear() {
        received.clear();
        synchronized (tokens) {
            tokens.clear();
        }
    }
}
