package io.fleetml.connect.gcs.storage;

import com.google.cloud.BaseServiceException;

/** GCS answers arrive wrapped (in an IOException from a write channel, in an ExecutionException from an upload thread). */
public final class ServiceErrors {
    private ServiceErrors() {
    }

    /** The GCS answer behind {@code error}, or null when it was not one (a lost connection, a timeout). */
    public static BaseServiceException causeOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BaseServiceException service) {
                return service;
            }
        }
        return null;
    }
}
