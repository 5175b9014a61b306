package io.fleetml.trainer;

import com.google.auth.Credentials;
import com.google.cloud.storage.Storage;
import io.fleetml.connect.common.gcp.GcpCredentials;
import io.fleetml.connect.common.gcp.GcsClients;
import io.fleetml.connect.common.gcp.GcsSettings;

import java.io.IOException;

/**
 * The Cloud Storage client of one run, built from the {@code --gcs-*} options through the bundle's shared client
 * builder, and only when a {@code gs://} location needs it, so a local run never looks for credentials.
 */
final class GcsAccess implements AutoCloseable {
    // The command line takes no inline key (it would show in the process list), so the second way to name a key file
    // that the "no credentials" message points to is the environment variable Application Default Credentials read.
    private static final GcpCredentials CREDENTIALS = new GcpCredentials("--gcs-credentials-file", "GOOGLE_APPLICATION_CREDENTIALS");

    private final String endpoint;
    private final String project;
    private final String credentialsFile;
    private Storage storage;

    GcsAccess(String endpoint, String project, String credentialsFile) {
        this.endpoint = endpoint;
        this.project = project;
        this.credentialsFile = credentialsFile;
    }

    /**
     * The client, created on first use; an unreadable key file or missing Application Default Credentials fail here
     * with a {@link org.apache.kafka.common.config.ConfigException} naming the option, never showing key material.
     */
    Storage storage() {
        if (storage == null) {
            Credentials credentials = CREDENTIALS.resolve(credentialsFile, null, endpoint);
            storage = GcsClients.create(endpoint, project, credentials, GcsSettings.DEFAULT_RETRY_ATTEMPTS,
                    GcsSettings.DEFAULT_RETRY_BACKOFF_MS);
        }
        return storage;
    }

    @Override
    public void close() throws IOException {
        if (storage != null) {
            try {
                storage.close();
            } catch (Exception e) {
                throw new IOException("closing the Cloud Storage client failed: " + e.getMessage(), e);
            }
        }
    }
}
