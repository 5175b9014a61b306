package io.fleetml.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a run has started, closed newest first exactly once, whether the run ends or Ctrl-C runs the shutdown hook
 * while it is still going.
 */
final class Resources implements AutoCloseable {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private boolean closed;

    synchronized <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            throw new IllegalStateException("the demo is stopping");
        }
        open.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        closed = true;
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("while stopping the demo: " + e);
            }
        }
    }
}
