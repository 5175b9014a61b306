package io.fleetml.connect.mqtt;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Messages received but not yet acknowledged to the broker, in receive order. A message is acknowledged only when
 * Kafka has it and every message received before it has been acknowledged, because MQTT brokers expect
 * acknowledgements in order. The window is bounded by count and by payload bytes: {@link #admit} blocks the receiving
 * thread while it is full, so a slow Kafka leaves the backlog in the broker rather than in the task's heap.
 */
final class InflightAcks {
    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<Entry> order = new ArrayDeque<>();
    private final Map<Long, Entry> bySequence = new HashMap<>();
    private long nextSequence;
    private long acknowledged;
    private long bytes;
    private boolean closed;

    InflightAcks(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /**
     * Takes a message into the window, waiting while the window is full. A message larger than the whole byte window
     * is let in alone. Returns its sequence number, or -1 when the window was closed while waiting.
     */
    synchronized long admit(int size, Runnable acknowledgement) throws InterruptedException {
        while (!closed && (order.size() >= maxMessages || (!order.isEmpty() && bytes + size > maxBytes))) {
            wait();
        }
        return closed ? -1 : add(size, acknowledgement);
    }

    /**
     * Takes a message into the window without waiting, even past its bounds: for the few messages of a lost session
     * that must reach Kafka after all, on a thread that must not block.
     */
    synchronized long admitNow(int size, Runnable acknowledgement) {
        return closed ? -1 : add(size, acknowledgement);
    }

    private long add(int size, Runnable acknowledgement) {
        Entry entry = new Entry(nextSequence++, size, acknowledgement);
        order.addLast(entry);
        bySequence.put(entry.sequence, entry);
        bytes += size;
        return entry.sequence;
    }

    /** Kafka has the message (or it was deliberately dropped): acknowledge it and every completed one behind it. */
    synchronized void complete(long sequence) {
        Entry entry = bySequence.get(sequence);
        if (entry == null) {
            return;
        }
        entry.done = true;
        releaseCompleted();
    }

    /** Takes a message out of the window without acknowledging it: whoever forgets it now owns its acknowledgement. */
    synchronized void forget(long sequence) {
        Entry entry = bySequence.remove(sequence);
        if (entry == null) {
            return;
        }
        order.remove(entry);
        bytes -= entry.size;
        releaseCompleted();
        notifyAll();
    }

    private void releaseCompleted() {
        boolean released = false;
        while (!order.isEmpty() && order.peekFirst().done) {
            Entry head = order.removeFirst();
            bySequence.remove(head.sequence);
            bytes -= head.size;
            head.acknowledgement.run();
            acknowledged++;
            released = true;
        }
        if (released) {
            notifyAll();
        }
    }

    synchronized int size() {
        return order.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Messages taken into the window since the task started. */
    synchronized long received() {
        return nextSequence;
    }

    /** Messages acknowledged to the broker since the task started. */
    synchronized long acknowledged() {
        return acknowledged;
    }

    /** Forgets every message without acknowledging it (the broker resends them) and wakes a waiting receiver. */
    synchronized void close() {
        closed = true;
        order.clear();
        bySequence.clear();
        bytes = 0;
        notifyAll();
    }

    private static final class Entry {
        final long sequence;
        final int size;
        final Runnable acknowledgement;
        boolean done;

        Entry(long sequence, int size, Runnable acknowledgement) {
            this.sequence = sequence;
            this.size = size;
            this.acknowledgement = acknowledgement;
        }
    }
}
