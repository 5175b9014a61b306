package io.fleetml.model.metadata;

import java.io.IOException;

/**
 * A model file that was read but cannot be used: malformed JSON, a missing or mistyped field, or values that do not fit
 * together. An {@link IOException}, so a loader treats it like an unreadable file and keeps the model it has.
 */
public final class ModelFileException extends IOException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
