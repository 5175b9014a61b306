package io.fleetml.testkit.gcs;

import com.google.cloud.storage.Storage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link GcsEmulator} with one bucket and the real google-cloud-storage client pointed at it. As a JUnit extension it
 * gives each test a fresh one; jqwik, which runs no JUnit extensions, shares one across a container's tries through
 * {@link #start()} and {@link #close()}.
 */
public class EmulatedGcsBucket implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
    private final String name;
    private GcsEmulator emulator;
    private Storage storage;

    public EmulatedGcsBucket(String name) {
        this.name = name;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    public EmulatedGcsBucket start() {
        emulator = new GcsEmulator().start();
        emulator.createBucket(name);
        storage = emulator.client();
        return this;
    }

    @Override
    public void close() throws Exception {
        storage.close();
        emulator.close();
    }

    public String name() {
        return name;
    }

    public GcsEmulator emulator() {
        return emulator;
    }

    public Storage storage() {
        return storage;
    }
}
