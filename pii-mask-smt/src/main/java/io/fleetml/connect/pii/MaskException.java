package io.fleetml.connect.pii;

import org.apache.kafka.connect.errors.DataException;

/**
 * A field whose type or content cannot take its configured action. Its message names the path, the action and the
 * type found, never the value; {@link PiiMask} adds where the record came from.
 */
final class MaskException extends DataException {
    MaskException(String path, String action, String problem) {
        super("PiiMask cannot apply " + action + " to field '" + path + "': " + problem);
    }
}
