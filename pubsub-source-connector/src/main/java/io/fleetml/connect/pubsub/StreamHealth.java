package io.fleetml.connect.pubsub;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches every call the subscriber makes, so an endpoint that stays unreachable becomes visible: the client library
 * retries UNAVAILABLE and its like without end and without telling its caller. Any answer from the server (headers or
 * a message) counts as healthy; a call that ends with an error starts the outage clock unless one is running already.
 * Calls the client cancels itself (it closes quiet streams and replaces them) do not count.
 */
final class StreamHealth implements ClientInterceptor {
    private final AtomicLong failingSinceMs = new AtomicLong();
    private final AtomicReference<Status> lastFailure = new AtomicReference<>();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onHeaders(Metadata serverHeaders) {
                        healthy();
                        super.onHeaders(serverHeaders);
                    }

                    @Override
                    public void onMessage(R message) {
                        healthy();
                        super.onMessage(message);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (!status.isOk() && status.getCode() != Status.Code.CANCELLED) {
                            failed(status);
                        }
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }

    private void healthy() {
        failingSinceMs.set(0);
    }

    private void failed(Status status) {
        lastFailure.set(status);
        failingSinceMs.compareAndSet(0, System.currentTimeMillis());
    }

    /** How long the server has not answered while calls failed; 0 while it answers. */
    long outageMs(long nowMs) {
        long since = failingSinceMs.get();
        return since == 0 ? 0 : nowMs - since;
    }

    /** The status of the last failed call, for the task's error; null if none failed. */
    Status lastFailure() {
        return lastFailure.get();
    }
}
