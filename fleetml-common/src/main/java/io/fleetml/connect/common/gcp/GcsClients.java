package io.fleetml.connect.common.gcp;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

import java.time.Duration;

/**
 * Builds the Cloud Storage client of every plugin that reads or writes GCS, from one set of settings: endpoint (for
 * emulators and private endpoints), project, credentials and explicit retry limits, so no plugin retries forever.
 */
public final class GcsClients {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(32);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(60);

    private GcsClients() {
    }

    public static Storage create(String endpoint, String projectId, Credentials credentials, int attempts, long initialBackoffMs) {
        StorageOptions.Builder options = StorageOptions.http()
                .setCredentials(credentials)
                .setRetrySettings(RetrySettings.newBuilder()
                        .setMaxAttempts(attempts)
                        .setInitialRetryDelayDuration(Duration.ofMillis(initialBackoffMs))
                        .setRetryDelayMultiplier(2.0)
                        .setMaxRetryDelayDuration(MAX_BACKOFF)
                        .setInitialRpcTimeoutDuration(RPC_TIMEOUT)
                        .setMaxRpcTimeoutDuration(RPC_TIMEOUT)
                        .setTotalTimeoutDuration(RPC_TIMEOUT.multipliedBy(attempts))
                        .build());
        if (endpoint != null && !endpoint.isBlank()) {
            options.setHost(endpoint);
        }
        if (projectId != null && !projectId.isBlank()) {
            options.setProjectId(projectId);
        }
        return options.build().getService();
    }
}
