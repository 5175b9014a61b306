package io.fleetml.connect.fraud;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One model role (the champion, or the challenger) across its versions. {@link #refresh()}, on the refresh thread,
 * loads a newer version aside and hands it over; the task thread takes it in {@link #swapIn()} between records and
 * closes the version it replaced, which no record can still be using, since only the task thread scores. A version
 * that fails to load is logged once and left alone until its files change, while the current one keeps scoring.
 */
final class ModelSlot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelSlot.class);

    private final String role;
    private final ModelVersions versions;
    private final Function<ModelVersions.Version, ScoringModel> loader;
    /** Loaded by a refresh, not yet taken by the task thread; whoever takes it out owns it. */
    private final AtomicReference<ScoringModel> pending = new AtomicReference<>();
    /** Rejected version numbers and the stamp of their files when they were rejected; guarded by this. */
    private final Map<Long, String> rejected = new HashMap<>();
    /** Written by the task thread only; volatile for the metrics reporter. */
    private volatile ScoringModel current;
    /** The newest version number loaded, taken or not; guarded by this. */
    private long newest;
    /** Guarded by this: a refresh finishing after close must not hand over a model nobody will close. */
    private boolean closed;

    private ModelSlot(String role, ModelVersions versions, Function<ModelVersions.Version, ScoringModel> loader,
                      ScoringModel first) {
        this.role = role;
        this.versions = versions;
        this.loader = loader;
        this.current = first;
        this.newest = first.number();
    }

    /** Loads the latest version now, so a broken model fails configuration with the loader's {@link ConfigException}. */
    static ModelSlot open(String role, String setting, Path path, Function<ModelVersions.Version, ScoringModel> loader) {
        ModelVersions versions = ModelVersions.of(path);
        ModelVersions.Version latest = versions.latest().orElseThrow(() -> new ConfigException(setting, path.toString(),
                "has no numbered version directories left"));
        return new ModelSlot(role, versions, loader, loader.apply(latest));
    }

    /** Whether the model path is a root of numbered versions, so refreshing can find a newer one. */
    boolean versioned() {
        return versions.versioned();
    }

    /** The model scoring now. */
    ScoringModel current() {
        return current;
    }

    /** On the task thread, before a record: the newest loaded version, having closed the one it replaces. */
    ScoringModel swapIn() {
        ScoringModel next = pending.getAndSet(null);
        if (next != null) {
            ScoringModel old = current;
            current = next;
            old.close();
            log.info("FraudScore: the {} model is now version {} ('{}'), replacing version {} ('{}')", role,
                    next.number(), next.version(), old.number(), old.version());
        }
        return current;
    }

    /** Loads the highest version if it is newer than the newest loaded and was not rejected as it is now. */
    synchronized void refresh() {
        if (closed || !versions.versioned()) {
            return;
        }
        Optional<ModelVersions.Version> latest;
        try {
            latest = versions.latest();
        } catch (RuntimeException e) {
            log.warn("FraudScore: cannot look for a newer {} model: {}", role, e.getMessage());
            return;
        }
        if (latest.isEmpty() || latest.get().number() <= newest) {
            return;
        }
        ModelVersions.Version version = latest.get();
        String stamp = ModelVersions.stamp(version.dir());
        if (stamp.equals(rejected.get(version.number()))) {
            return;
        }
        ScoringModel model;
        try {
            model = loader.apply(version);
        } catch (RuntimeException e) {
            rejected.put(version.number(), stamp);
            log.error("FraudScore: {} model version {} in {} is rejected, version {} keeps scoring; it is tried again "
                    + "when its files change: {}", role, version.number(), version.dir(), newest, e.getMessage());
            return;
        }
        newest = version.number();
        ScoringModel skipped = pending.getAndSet(model);
        if (skipped != null) {
            // Never taken by the task thread, so no record is being scored with it.
            skipped.close();
        }
        log.info("FraudScore: {} model version {} ('{}') loaded from {}; it scores from the next record", role,
                version.number(), model.version(), version.dir());
    }

    /** Waits for a refresh in progress, then closes the current model and any not yet taken. */
    @Override
    public synchronized void close() {
        closed = true;
        ScoringModel next = pending.getAndSet(null);
        if (next != null) {
            next.close();
        }
        current.close();
    }
}
