package io.fleetml.testkit.gcs;

import com.google.cloud.storage.Storage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that gives each test a fresh {@link GcsEmulator} with one bucket and the real google-cloud-storage
 * client pointed at it, and stops both after the test.
 */
public class EmulatedGcsBucket implements BeforeEachCallback, AfterEachCallback {
    private final String name;
    private GcsEmulator emulator;
    private Storage storage;

    public EmulatedGcsBucket(String name) {
        this.name = name;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator = new GcsEmulator().start();
        emulator.createBucket(name);
        storage = emulator.client();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
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
