package io.fleetml.connect.common.gcp;

import com.google.cloud.storage.Storage;
import io.fleetml.connect.common.policy.Endpoint;
import io.fleetml.connect.common.policy.WorkerPolicy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.util.Locale;

/**
 * The Cloud Storage connection settings of every plugin that reads or writes GCS (endpoint, project, credentials,
 * retry limits), declared once so each has one name and one meaning across plugins, and the client built from them.
 */
public final class GcsSettings {
    public static final String ENDPOINT_CONFIG = "gcs.endpoint";
    public static final String PROJECT_CONFIG = "gcp.project.id";
    public static final String CREDENTIALS_PATH_CONFIG = "gcs.credentials.path";
    public static final String CREDENTIALS_JSON_CONFIG = "gcs.credentials.json";
    public static final String RETRY_ATTEMPTS_CONFIG = "gcs.retry.max.attempts";
    public static final String RETRY_BACKOFF_CONFIG = "gcs.retry.backoff.ms";
    /** A few attempts with backoff, never retrying forever; also what the trainer's own client uses. */
    public static final int DEFAULT_RETRY_ATTEMPTS = 6;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 200L;

    public static final GcpCredentials CREDENTIALS = new GcpCredentials(CREDENTIALS_PATH_CONFIG, CREDENTIALS_JSON_CONFIG);

    /** An http:// or https:// URL (the scheme in any case) that the {@link WorkerPolicy} allows. */
    private static final ConfigDef.Validator ENDPOINT = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value == null || value.toString().isBlank()) {
            return;
        }
        String url = value.toString().trim();
        String lower = url.toLowerCase(Locale.ROOT);
        Endpoint endpoint;
        try {
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw new IllegalArgumentException("not an http:// or https:// URL");
            }
            endpoint = Endpoint.ofUrl(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
        WorkerPolicy.current().checkEndpoint(name, url, endpoint);
    }, () -> "empty, or an https:// (or, for an emulator, http://) URL that " + WorkerPolicy.ENDPOINTS_ENV + " allows");

    private GcsSettings() {
    }

    /** Adds endpoint, project and the two credential settings to {@code def} in {@code group}, at {@code order} to order + 3. */
    public static ConfigDef defineConnection(ConfigDef def, String group, int order) {
        def.define(ENDPOINT_CONFIG, Type.STRING, null, ENDPOINT, Importance.LOW,
                        "Storage endpoint, e.g. https://storage-psc.p.googleapis.com for a Private Service Connect endpoint, "
                                + "or http://127.0.0.1:4443 for an emulator: an http:// endpoint gets no credentials. Google's "
                                + "public endpoint when empty. Where the worker sets " + WorkerPolicy.ENDPOINTS_ENV + ", only "
                                + "the endpoints it lists.",
                        group, order, Width.LONG, "Endpoint")
                .define(PROJECT_CONFIG, Type.STRING, null, Importance.LOW,
                        "Project billed for requests; taken from the credentials when empty.", group, order + 1,
                        Width.MEDIUM, "Project");
        return CREDENTIALS.define(def, group, order + 2, "to a plaintext http:// " + ENDPOINT_CONFIG);
    }

    /**
     * Refuses a key set together with a plaintext {@link #ENDPOINT_CONFIG}, on the key's setting; for the config
     * classes of the plugins, so their {@code validate()} shows it before a task starts.
     */
    public static void checkConnection(AbstractConfig config) {
        String endpoint = config.getString(ENDPOINT_CONFIG);
        if (endpoint != null && !endpoint.isBlank() && !Endpoint.isTlsUrl(endpoint)) {
            CREDENTIALS.refuseWithoutTls(config.getString(CREDENTIALS_PATH_CONFIG),
                    config.getPassword(CREDENTIALS_JSON_CONFIG), ENDPOINT_CONFIG + "=" + endpoint.trim());
        }
    }

    /**
     * Adds the two retry settings at {@code order} and order + 1. {@code afterLastAttempt} completes "Attempts per GCS
     * request ... before": what the plugin does once a request has used them all; {@code backoffAlso}, when not null,
     * what else the backoff times.
     */
    public static ConfigDef defineRetries(ConfigDef def, String group, int order, String afterLastAttempt,
                                          String backoffAlso) {
        return def
                .define(RETRY_ATTEMPTS_CONFIG, Type.INT, DEFAULT_RETRY_ATTEMPTS, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Attempts per GCS request on retriable errors (429, 5xx, timeouts, dropped connections) before "
                                + afterLastAttempt,
                        group, order, Width.SHORT, "Attempts per request")
                .define(RETRY_BACKOFF_CONFIG, Type.LONG, DEFAULT_RETRY_BACKOFF_MS, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "First backoff between attempts (doubling, with jitter)"
                                + (backoffAlso == null ? "." : "; also " + backoffAlso + "."),
                        group, order + 1, Width.SHORT, "Retry backoff");
    }

    /**
     * A client from the settings {@link #defineConnection} and {@link #defineRetries} added to {@code config}'s
     * definition; a credentials problem is a {@link org.apache.kafka.common.config.ConfigException} naming its setting.
     */
    public static Storage client(AbstractConfig config) {
        String endpoint = config.getString(ENDPOINT_CONFIG);
        return GcsClients.create(endpoint, config.getString(PROJECT_CONFIG),
                CREDENTIALS.resolve(config.getString(CREDENTIALS_PATH_CONFIG), config.getPassword(CREDENTIALS_JSON_CONFIG),
                        endpoint),
                config.getInt(RETRY_ATTEMPTS_CONFIG), config.getLong(RETRY_BACKOFF_CONFIG));
    }
}
