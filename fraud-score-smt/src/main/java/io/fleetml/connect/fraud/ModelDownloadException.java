package io.fleetml.connect.fraud;

/**
 * A model's files could not be listed or fetched: unlike a broken model, a later attempt may succeed, so a refresh tries
 * the version again.
 */
final class ModelDownloadException extends RuntimeException {
    ModelDownloadException(String message, Throwable cause) {
        super(message, cause);
    }

    ModelDownloadException(String message) {
        super(message);
    }
}
