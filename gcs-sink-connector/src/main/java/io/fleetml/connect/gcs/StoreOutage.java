package io.fleetml.connect.gcs;

import com.google.cloud.BaseServiceException;
import io.fleetml.connect.gcs.storage.ObjectStore;
import io.fleetml.connect.gcs.storage.ServiceErrors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How long writing one partition's files to GCS has kept failing, and when retrying stops: at once for an answer no
 * retry changes (a bad request, missing credentials or permission, a bucket that is gone), after
 * {@code gcs.max.outage.ms} for everything else. Retrying for ever would leave the task RUNNING while nothing moves.
 */
final class StoreOutage {
    /** Statuses that the same request meets again: 400 Bad Request, 401 Unauthorized, 403 Forbidden. */
    private static final Set<Integer> PERMANENT = Set.of(400, 401, 403);
    private static final int NOT_FOUND = 404;

    private final TopicPartition tp;
    private final ObjectStore store;
    private final long maxOutageMs;
    private final LongSupplier clock;
    private long failingSinceMs = -1;

    StoreOutage(TopicPartition tp, ObjectStore store, long maxOutageMs, LongSupplier clock) {
        this.tp = tp;
        this.store = store;
        this.maxOutageMs = maxOutageMs;
        this.clock = clock;
    }

    /** Records a failed write; throws, failing the task with the cause, when it is time to stop retrying. */
    void failed(Exception cause) {
        long now = clock.getAsLong();
        if (failingSinceMs < 0) {
            failingSinceMs = now;
        }
        BaseServiceException service = ServiceErrors.causeOf(cause);
        if (service != null && PERMANENT.contains(service.getCode())) {
            throw new ConnectException(tp + ": GCS refused to write to bucket '" + store.bucket() + "' with "
                    + service.getCode() + " (" + message(cause, service) + "); retrying cannot succeed, so the task stops", cause);
        }
        if (service != null && service.getCode() == NOT_FOUND) {
            store.checkBucket();
        }
        long failingMs = now - failingSinceMs;
        if (failingMs >= maxOutageMs) {
            throw new ConnectException(tp + ": writing to GCS bucket '" + store.bucket() + "' has failed for " + failingMs
                    + " ms, over " + GcsSinkConfig.MAX_OUTAGE_CONFIG + "=" + maxOutageMs + "; last failure: "
                    + (service == null ? cause.toString() : service.getCode() + " " + message(cause, service)), cause);
        }
    }

    /** GCS's message, or the sink's own when it wrapped the answer to say what it was doing (reading an object back). */
    private static String message(Exception cause, BaseServiceException service) {
        return cause == service || cause.getMessage() == null ? service.getMessage() : cause.getMessage();
    }

    /** A commit went through: the next failure starts a new outage. */
    void recovered() {
        failingSinceMs = -1;
    }
}
