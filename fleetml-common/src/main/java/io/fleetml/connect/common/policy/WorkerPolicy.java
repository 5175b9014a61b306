package io.fleetml.connect.common.policy;

import io.fleetml.connect.common.config.InvalidSetting;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the operator of a Connect worker lets connector configs reach, since whoever may call the worker's REST API may
 * name local files and endpoints in them: the directories local paths must lead into ({@value #PATHS_ENV}) and the
 * endpoints plugins may connect to ({@value #ENDPOINTS_ENV}), both comma-separated. They are the worker's environment
 * (or system properties, for workers where the environment is awkward to set), never settings of the connector, which
 * the REST caller writes. A system property, when set, is used instead of its environment variable. Unset means
 * anything is allowed, as before there was a policy, with a warning logged once; set but empty allows nothing.
 */
public final class WorkerPolicy {
    public static final String PATHS_ENV = "FLEETML_ALLOWED_PATHS";
    public static final String PATHS_PROPERTY = "fleetml.allowed.paths";
    public static final String ENDPOINTS_ENV = "FLEETML_ALLOWED_ENDPOINTS";
    public static final String ENDPOINTS_PROPERTY = "fleetml.allowed.endpoints";

    private static final Logger log = LoggerFactory.getLogger(WorkerPolicy.class);
    private static final AtomicBoolean PATHS_WARNED = new AtomicBoolean();
    private static final AtomicBoolean ENDPOINTS_WARNED = new AtomicBoolean();

    private final String paths;
    private final String endpoints;

    private WorkerPolicy(String paths, String endpoints) {
        this.paths = paths;
        this.endpoints = endpoints;
    }

    /** The policy as the worker's environment and system properties set it now. */
    public static WorkerPolicy current() {
        return new WorkerPolicy(setting(PATHS_PROPERTY, PATHS_ENV), setting(ENDPOINTS_PROPERTY, ENDPOINTS_ENV));
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(env);
    }

    /**
     * The path {@code value} of setting {@code key} leads to (a file name or a {@code file:} URI), which is where it
     * should be read: checking one path and reading another would let a link changed in between escape.
     *
     * @throws InvalidSetting when it leads outside every allowed directory, or cannot be followed to where it leads
     */
    public Path checkPath(String key, String value) {
        Path path;
        try {
            path = ResolvedPaths.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(key, value, "not a local path: " + e.getMessage());
        }
        if (paths == null) {
            warnOnce(PATHS_WARNED, PATHS_ENV, PATHS_PROPERTY, "local file", key);
            return path;
        }
        Path resolved;
        try {
            resolved = ResolvedPaths.resolve(path);
        } catch (IOException e) {
            throw new InvalidSetting(key, value, "cannot tell where this path leads (" + e.getClass().getSimpleName()
                    + "), so it is refused; " + askOperator(PATHS_ENV, PATHS_PROPERTY, "its directory"));
        }
        for (Path directory : allowedDirectories()) {
            if (resolved.startsWith(directory)) {
                return resolved;
            }
        }
        throw new InvalidSetting(key, value, "leads outside the directories this worker lets connector configs name; "
                + askOperator(PATHS_ENV, PATHS_PROPERTY, "its directory"));
    }

    /**
     * Refuses {@code endpoint}, which setting {@code key} names as {@code value}, unless an entry allows it.
     *
     * @throws InvalidSetting when no entry of the policy allows it
     */
    public void checkEndpoint(String key, String value, Endpoint endpoint) {
        if (endpoints == null) {
            warnOnce(ENDPOINTS_WARNED, ENDPOINTS_ENV, ENDPOINTS_PROPERTY, "endpoint", key);
            return;
        }
        if (allowedEndpoints().stream().noneMatch(allowed -> allowed.allows(endpoint))) {
            throw new InvalidSetting(key, value, "is not an endpoint this worker lets connector configs name; "
                    + askOperator(ENDPOINTS_ENV, ENDPOINTS_PROPERTY, "it (host or host:port)"));
        }
    }

    /** The allowed directories as they resolve; an entry that is not an absolute path is the operator's mistake. */
    private List<Path> allowedDirectories() {
        List<Path> directories = new ArrayList<>();
        for (String entry : entries(paths)) {
            try {
                Path directory = Path.of(entry);
                if (!directory.isAbsolute()) {
                    throw new IllegalArgumentException("not an absolute path");
                }
                directories.add(ResolvedPaths.resolve(directory));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("The worker's " + PATHS_ENV + " (or " + PATHS_PROPERTY + ") names '" + entry
                        + "', which is not a directory it can use (" + e.getMessage() + "); its operator must fix it");
            }
        }
        return directories;
    }

    private List<AllowedEndpoint> allowedEndpoints() {
        List<AllowedEndpoint> allowed = new ArrayList<>();
        for (String entry : entries(endpoints)) {
            try {
                allowed.add(AllowedEndpoint.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("The worker's " + ENDPOINTS_ENV + " (or " + ENDPOINTS_PROPERTY + ") names '"
                        + entry + "', which is not host, host:port or scheme://host:port (" + e.getMessage()
                        + "); its operator must fix it");
            }
        }
        return allowed;
    }

    private static List<String> entries(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).toList();
    }

    private static String askOperator(String env, String property, String what) {
        return "the worker's operator allows " + what + " in the environment variable " + env
                + " (or the system property " + property + ")";
    }

    private static void warnOnce(AtomicBoolean warned, String env, String property, String what, String key) {
        if (warned.compareAndSet(false, true)) {
            log.warn("{} is not set (nor the system property {}): connector configs may name any {} this worker can "
                    + "reach, first in {}. Set it to what connectors may use; see docs/security.md.", env, property, what, key);
        }
    }
}
