package io.fleetml.connect.fraud;

import io.fleetml.model.repository.ModelVersion;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One model role (the champion, or the challenger) across its versions. {@link #refresh()}, on the refresh thread,
 * loads a newer version aside and hands it over; the task thread takes it in {@link #swapIn()} between records and
 * closes the version it replaced, which no record can still be using, since only the task thread scores. A version
 * that fails to load is logged once and left alone until its files change, while the current one keeps scoring; one
 * whose files cannot be downloaded is logged once too, and tried again at every refresh.
 */
final class ModelSlot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelSlot.class);

    /** {@link #newest} before any version: below every version number, 0 included. */
    private static final long NONE = -1;

    private final String role;
    private final ModelSource source;
    private final ModelSource.VersionLoader loader;
    /** Told of each version a refresh fails to load, for the {@code model-load-failures} metric. */
    private final Runnable loadFailed;
    /** Loaded by a refresh, not yet taken by the task thread; whoever takes it out owns it. */
    private final AtomicReference<ScoringModel> pending = new AtomicReference<>();
    /** Rejected version numbers and the stamp of their files when they were rejected; guarded by this. */
    private final Map<Long, String> rejected = new HashMap<>();
    /** Version numbers that could not be downloaded and the stamp of their files then, logged once; guarded by this. */
    private final Map<Long, String> undownloadable = new HashMap<>();
    /** Written by the task thread only; volatile for the metrics reporter. */
    private volatile ScoringModel current;
    /** The newest version number loaded, taken or not; guarded by this. */
    private long newest;
    /** Guarded by this: a refresh finishing after close must not hand over a model nobody will close. */
    private boolean closed;

    /** {@code first} is null for a root whose first version is still to come. */
    private ModelSlot(String role, ModelSource source, ModelSource.VersionLoader loader, Runnable loadFailed,
                      ScoringModel first) {
        this.role = role;
        this.source = source;
        this.loader = loader;
        this.loadFailed = loadFailed;
        this.current = first;
        this.newest = first == null ? NONE : first.number();
    }

    /**
     * Loads the latest version now, so a broken model fails configuration with the loader's {@link ConfigException}
     * and one that cannot be downloaded with a ConfigException naming {@code setting}. With {@code awaitFirstVersion}
     * ({@code on.missing.model=pass}) a root without a version, or whose latest version no engine can load, gives a
     * slot with no model until a refresh finds one that loads.
     * {@code loadFailed} is told of each version a later refresh fails to load.
     */
    static ModelSlot open(String role, String setting, ModelSource source, ModelSource.VersionLoader loader,
                          Runnable loadFailed, boolean awaitFirstVersion) {
        try {
            Optional<ModelVersion> latest = source.latest();
            if (latest.isEmpty() && awaitFirstVersion && source.versioned()) {
                log.warn("FraudScore: no {} model version in {} yet; records pass on unscored until one appears", role,
                        source.location());
                return new ModelSlot(role, source, loader, loadFailed, null);
            }
            ModelVersion version = latest.orElseThrow(() -> new ConfigException(setting, source.location(),
                    "has no numbered version left"));
            try {
                return new ModelSlot(role, source, loader, loadFailed, source.load(version, loader));
            } catch (ModelDownloadException e) {
                throw e;
            } catch (RuntimeException | LinkageError e) {
                if (!awaitFirstVersion || !source.versioned()) {
                    throw e;
                }
                // With on.missing.model=pass a version no engine can load is treated like no version yet: records pass
                // unscored and the refreshes look for one that loads, rather than failing the task over one version.
                ModelSlot slot = new ModelSlot(role, source, loader, loadFailed, null);
                slot.rejected(version);
                log.error("FraudScore: {} model version {} in {} cannot be loaded on this worker; records pass on "
                        + "unscored until a version loads; it is tried again when its files change", role,
                        version.number(), version.location(), e);
                return slot;
            }
        } catch (ModelDownloadException e) {
            throw new ConfigException(setting, source.location(), e.getMessage());
        }
    }

    /** The location as configured, for messages. */
    String location() {
        return source.location();
    }

    /** Whether the model location is a root of numbered versions, so refreshing can find a newer one. */
    boolean versioned() {
        return source.versioned();
    }

    /** The model scoring now; null while a root awaits its first version. */
    ScoringModel current() {
        return current;
    }

    /** On the task thread, before a record: the newest loaded version, having closed the one it replaces. */
    ScoringModel swapIn() {
        // A plain read first: the exchange that takes a new version is an atomic write, not worth paying per record.
        ScoringModel next = pending.get() == null ? null : pending.getAndSet(null);
        if (next != null) {
            ScoringModel old = current;
            current = next;
            if (old == null) {
                log.info("FraudScore: the {} model is now version {} ('{}'), the first; records are scored from now on",
                        role, next.number(), next.version());
            } else {
                old.close();
                log.info("FraudScore: the {} model is now version {} ('{}'), replacing version {} ('{}')", role,
                        next.number(), next.version(), old.number(), old.version());
            }
        }
        return current;
    }

    /** Loads the highest version if it is newer than the newest loaded and was not rejected as it is now. */
    synchronized void refresh() {
        if (closed || !source.versioned()) {
            return;
        }
        Optional<ModelVersion> latest;
        try {
            latest = source.latest();
        } catch (RuntimeException | Error e) {
            log.warn("FraudScore: cannot look for a newer {} model: {}", role, e.getMessage());
            return;
        }
        if (latest.isEmpty() || latest.get().number() <= newest) {
            return;
        }
        ModelVersion version = latest.get();
        if (version.stamp().equals(rejected.get(version.number()))) {
            return;
        }
        ScoringModel model;
        try {
            model = source.load(version, loader);
        } catch (ModelDownloadException e) {
            if (!version.stamp().equals(undownloadable.put(version.number(), version.stamp()))) {
                log.error("FraudScore: {} model version {} in {} cannot be downloaded, {}; the download is tried "
                        + "again at every refresh: {}", role, version.number(), version.location(), keepsScoring(),
                        e.getMessage());
            }
            return;
        } catch (RuntimeException e) {
            rejected(version);
            log.error("FraudScore: {} model version {} in {} is rejected, {}; it is tried again when its files change: "
                    + "{}", role, version.number(), version.location(), keepsScoring(), e.getMessage());
            return;
        } catch (Error e) {
            // Caught, not left to end the refresh thread: an Error escaping the scheduled task would silently stop
            // every later refresh. Loading left nothing open (ScoringModel.load closes what it built).
            rejected(version);
            log.error("FraudScore: {} model version {} in {} cannot be loaded on this worker, {}; it is tried again "
                    + "when its files change", role, version.number(), version.location(), keepsScoring(), e);
            return;
        }
        newest = version.number();
        undownloadable.clear();
        ScoringModel skipped = pending.getAndSet(model);
        if (skipped != null) {
            // Never taken by the task thread, so no record is being scored with it.
            skipped.close();
        }
        log.info("FraudScore: {} model version {} ('{}') loaded from {}; it scores from the next record", role,
                version.number(), model.version(), version.location());
    }

    private void rejected(ModelVersion version) {
        rejected.put(version.number(), version.stamp());
        loadFailed.run();
    }

    private String keepsScoring() {
        return newest == NONE ? "records still pass unscored" : "version " + newest + " keeps scoring";
    }

    /** Waits for a refresh in progress, then closes the current model and any not yet taken. */
    @Override
    public synchronized void close() {
        closed = true;
        ScoringModel next = pending.getAndSet(null);
        if (next != null) {
            next.close();
        }
        if (current != null) {
            current.close();
        }
    }
}
