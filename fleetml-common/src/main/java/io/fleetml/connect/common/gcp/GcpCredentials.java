package io.fleetml.connect.common.gcp;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import io.fleetml.connect.common.config.InvalidSetting;
import io.fleetml.connect.common.policy.Endpoint;
import io.fleetml.connect.common.policy.WorkerPolicy;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a plugin's credential settings into Google credentials, the same way for every plugin that talks to GCP:
 * a service-account key given inline (a PASSWORD setting) or as a file, otherwise Application Default Credentials,
 * and no credentials at all for a plaintext emulator endpoint: credentials never leave without TLS, and a key given
 * for a plaintext endpoint is refused rather than dropped, since whoever set it expects it to be used.
 */
public final class GcpCredentials {
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

    private final String pathKey;
    private final String jsonKey;

    /** {@code pathKey} and {@code jsonKey} are the plugin's names for the two settings, e.g. gcs.credentials.path. */
    public GcpCredentials(String pathKey, String jsonKey) {
        this.pathKey = pathKey;
        this.jsonKey = jsonKey;
    }

    /**
     * Adds the two credential settings to {@code def} in {@code group}, starting at {@code order}. The key file must lie
     * in a directory the {@link WorkerPolicy} allows; {@code plaintextEndpoint} completes "no credentials are sent ..."
     * with how this plugin's endpoint is made plaintext.
     */
    public ConfigDef define(ConfigDef def, String group, int order, String plaintextEndpoint) {
        ConfigDef.Validator allowedFile = ConfigDef.LambdaValidator.with((name, value) -> {
            if (value != null && !value.toString().isBlank()) {
                WorkerPolicy.current().checkPath(name, value.toString());
            }
        }, () -> "a file in a directory " + WorkerPolicy.PATHS_ENV + " allows (any file where it is not set)");
        return def
                .define(pathKey, ConfigDef.Type.STRING, null, allowedFile, ConfigDef.Importance.HIGH,
                        "Path of a service-account key file (JSON) on every Connect worker, in a directory the worker's "
                                + WorkerPolicy.PATHS_ENV + " allows. When neither this nor " + jsonKey + " is set, "
                                + "Application Default Credentials are used (GOOGLE_APPLICATION_CREDENTIALS, the metadata "
                                + "server on GCE/GKE, or gcloud's user credentials). No credentials are sent " + plaintextEndpoint
                                + ", and a key set for it is refused.",
                        group, order, ConfigDef.Width.LONG, "Credentials file")
                .define(jsonKey, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH,
                        "Service-account key (the JSON itself), hidden in the REST API and logs; best supplied through a "
                                + "config provider. Takes precedence over " + pathKey + ".",
                        group, order + 1, ConfigDef.Width.LONG, "Credentials JSON");
    }

    /**
     * Resolves the credentials, or fails with a {@link ConfigException} that names the setting to fix; never echoes
     * the key material.
     */
    public Credentials resolve(String path, Password json, String endpoint) {
        if (endpoint != null && !endpoint.isBlank() && !Endpoint.isTlsUrl(endpoint)) {
            refuseWithoutTls(path, json, endpoint);
            return NoCredentials.getInstance();
        }
        if (json != null && !json.value().isBlank()) {
            try (InputStream in = new ByteArrayInputStream(json.value().getBytes(StandardCharsets.UTF_8))) {
                return GoogleCredentials.fromStream(in).createScoped(SCOPES);
            } catch (IOException | RuntimeException e) {
                throw new InvalidSetting(jsonKey, "[hidden]", "not a valid service-account key: " + e.getClass().getSimpleName());
            }
        }
        if (path != null && !path.isBlank()) {
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                return GoogleCredentials.fromStream(in).createScoped(SCOPES);
            } catch (IOException | RuntimeException e) {
                throw new InvalidSetting(pathKey, path, "cannot read a service-account key from this file: " + e.getMessage());
            }
        }
        try {
            return GoogleCredentials.getApplicationDefault().createScoped(SCOPES);
        } catch (IOException e) {
            throw new ConfigException("No GCP credentials: set " + pathKey + " or " + jsonKey
                    + ", or provide Application Default Credentials on every worker (" + e.getMessage() + ")");
        }
    }

    /**
     * Refuses a key set for an endpoint reached without TLS, named by {@code endpoint} (its setting and value), on the
     * setting that holds the key; the message never shows the key.
     */
    public void refuseWithoutTls(String path, Password json, String endpoint) {
        String advice = "credentials are never sent without TLS, as they would be to " + endpoint + "; for an emulator, "
                + "which takes none, leave this unset";
        if (json != null && !json.value().isBlank()) {
            throw new InvalidSetting(jsonKey, "[hidden]", advice);
        }
        if (path != null && !path.isBlank()) {
            throw new InvalidSetting(pathKey, path, advice);
        }
    }
}
