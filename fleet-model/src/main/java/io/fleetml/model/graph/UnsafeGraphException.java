package io.fleetml.model.graph;

import java.io.IOException;

/**
 * A SavedModel whose graph holds ops that could do more than score, refused before TensorFlow loads it. An
 * {@link IOException}, like a malformed model file, so a loader keeps the model it has.
 */
public final class UnsafeGraphException extends IOException {
    UnsafeGraphException(String message) {
        super(message);
    }
}
