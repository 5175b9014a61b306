package io.fleetml.testkit.pubsub;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.GetSubscriptionRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import com.google.pubsub.v1.Subscription;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Pub/Sub Subscriber service for the fault paths the emulator cannot produce: StreamingPull streams that
 * fail with scripted statuses, or with one status for good. Streams that are not failed receive the messages a test
 * {@link #offer offers}, each delivered once to one open stream (no redelivery after a nack or an expired deadline: use
 * the emulator for that). Acks, nacks and deadline extensions are recorded whether the client sends them on the stream
 * or as unary calls. The real {@code com.google.cloud.pubsub.v1.Subscriber} runs against {@link #channel()}.
 */
public final class FaultySubscriberServer implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_MESSAGES_PER_RESPONSE = 1000;
    /** What {@code getSubscription} reports; the client library does not act on it. */
    private static final int ACK_DEADLINE_SECONDS = 10;

    private final String serverName;
    private final Server server;
    private final ManagedChannel channel;
    /**
     * Every write to a stream happens on this one thread: gRPC observers must not be called concurrently, and
     * messages offered one after another reach the client in that order.
     */
    private final ExecutorService delivery;

    private final Object lock = new Object();
    private final Deque<Status> scriptedFailures = new ArrayDeque<>();
    private final Deque<PubsubMessage> pending = new ArrayDeque<>();
    private final List<OpenStream> openStreams = new ArrayList<>();
    private final Map<String, String> messageIdByAckId = new HashMap<>();
    private final Set<String> acked = new LinkedHashSet<>();
    private final Set<String> nacked = new LinkedHashSet<>();
    private final Set<String> extended = new LinkedHashSet<>();
    private Status permanentFailure;
    private int streamsOpened;
    private long lastId;

    private FaultySubscriberServer(String serverName) throws IOException {
        this.serverName = serverName;
        this.delivery = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "faulty-subscriber-" + serverName);
            thread.setDaemon(true);
            return thread;
        });
        this.server = InProcessServerBuilder.forName(serverName).addService(new SubscriberService()).build().start();
        this.channel = InProcessChannelBuilder.forName(serverName).build();
    }

    public static FaultySubscriberServer start() {
        try {
            return new FaultySubscriberServer(InProcessServerBuilder.generateName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String serverName() {
        return serverName;
    }

    /** An in-process channel to this server, closed with it; wrap it in a {@code FixedTransportChannelProvider}. */
    public ManagedChannel channel() {
        return channel;
    }

    /** The next streams to open fail with these statuses, one each, in order; later streams deliver messages. */
    public void failNextStreams(Status... statuses) {
        synchronized (lock) {
            scriptedFailures.addAll(Arrays.asList(statuses));
        }
    }

    /** Open streams and every stream opened from now on fail with this status, as with a permanent error. */
    public void failAllStreams(Status status) {
        List<OpenStream> failing;
        synchronized (lock) {
            permanentFailure = status;
            failing = List.copyOf(openStreams);
            openStreams.clear();
        }
        failing.forEach(stream -> delivery.execute(() -> stream.fail(status)));
    }

    /** Queues a message for delivery on an open stream; a message id is assigned unless it has one. */
    public void offer(PubsubMessage message) {
        synchronized (lock) {
            pending.add(message);
        }
        delivery.execute(this::deliverPending);
    }

    public Set<String> ackedMessageIds() {
        synchronized (lock) {
            return Set.copyOf(acked);
        }
    }

    /** Messages whose deadline the client set to 0, handing them back. */
    public Set<String> nackedMessageIds() {
        synchronized (lock) {
            return Set.copyOf(nacked);
        }
    }

    /** Messages whose deadline the client extended; the client does that on receipt and while a message is held. */
    public Set<String> extendedMessageIds() {
        synchronized (lock) {
            return Set.copyOf(extended);
        }
    }

    /** StreamingPull calls received so far, failed ones included. */
    public int streamsOpened() {
        synchronized (lock) {
            return streamsOpened;
        }
    }

    /** Waits until at least {@code count} distinct messages are acked; false if the timeout passes first. */
    public boolean awaitAcked(int count, Duration timeout) {
        return awaitSize(acked, count, timeout);
    }

    /** Waits until at least {@code count} distinct messages are nacked; false if the timeout passes first. */
    public boolean awaitNacked(int count, Duration timeout) {
        return awaitSize(nacked, count, timeout);
    }

    private boolean awaitSize(Set<String> recorded, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (recorded.size() < count) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        try {
            // Cancelled calls still hand work to the delivery thread until the server has terminated.
            channel.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            server.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            delivery.shutdownNow();
            delivery.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            delivery.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on the delivery thread. */
    private void deliverPending() {
        while (true) {
            OpenStream target;
            List<ReceivedMessage> batch = new ArrayList<>();
            synchronized (lock) {
                if (pending.isEmpty() || openStreams.isEmpty()) {
                    return;
                }
                target = openStreams.get(0);
                while (!pending.isEmpty() && batch.size() < MAX_MESSAGES_PER_RESPONSE) {
                    batch.add(assignIds(pending.poll()));
                }
            }
            target.send(StreamingPullResponse.newBuilder().addAllReceivedMessages(batch).build());
        }
    }

    /** Called with the lock held. */
    private ReceivedMessage assignIds(PubsubMessage message) {
        long id = ++lastId;
        PubsubMessage.Builder withIds = message.toBuilder();
        if (message.getMessageId().isEmpty()) {
            withIds.setMessageId(Long.toString(id));
        }
        if (!message.hasPublishTime()) {
            Instant now = Instant.now();
            withIds.setPublishTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
        }
        String ackId = "ack-" + id;
        messageIdByAckId.put(ackId, withIds.getMessageId());
        return ReceivedMessage.newBuilder().setAckId(ackId).setMessage(withIds).build();
    }

    private void recordAcks(List<String> ackIds) {
        synchronized (lock) {
            record(ackIds, acked);
            lock.notifyAll();
        }
    }

    private void recordDeadlines(List<String> ackIds, int seconds) {
        synchronized (lock) {
            record(ackIds, seconds == 0 ? nacked : extended);
            lock.notifyAll();
        }
    }

    /** Called with the lock held; ack ids this server never handed out are ignored, as Pub/Sub does. */
    private void record(List<String> ackIds, Set<String> messageIds) {
        for (String ackId : ackIds) {
            String messageId = messageIdByAckId.get(ackId);
            if (messageId != null) {
                messageIds.add(messageId);
            }
        }
    }

    private void closed(OpenStream stream) {
        synchronized (lock) {
            openStreams.remove(stream);
        }
    }

    /** The response side of one StreamingPull call. Its methods run on the delivery thread only. */
    private static final class OpenStream {
        private final ServerCallStreamObserver<StreamingPullResponse> observer;
        private boolean done;

        OpenStream(ServerCallStreamObserver<StreamingPullResponse> observer) {
            this.observer = observer;
        }

        void send(StreamingPullResponse response) {
            if (!done) {
                observer.onNext(response);
            }
        }

        void fail(Status status) {
            if (!done) {
                done = true;
                observer.onError(status.asRuntimeException());
            }
        }

        void complete() {
            if (!done) {
                done = true;
                observer.onCompleted();
            }
        }
    }

    private final class SubscriberService extends SubscriberGrpc.SubscriberImplBase {
        @Override
        public StreamObserver<StreamingPullRequest> streamingPull(StreamObserver<StreamingPullResponse> responses) {
            var observer = (ServerCallStreamObserver<StreamingPullResponse>) responses;
            OpenStream stream = new OpenStream(observer);
            // Without a cancel handler, a write to a stream the client has cancelled throws on the delivery thread.
            observer.setOnCancelHandler(() -> closed(stream));
            Status failure;
            synchronized (lock) {
                streamsOpened++;
                failure = permanentFailure != null ? permanentFailure : scriptedFailures.poll();
                if (failure == null) {
                    openStreams.add(stream);
                }
            }
            if (failure != null) {
                delivery.execute(() -> stream.fail(failure));
            } else {
                delivery.execute(FaultySubscriberServer.this::deliverPending);
            }
            return new StreamObserver<>() {
                @Override
                public void onNext(StreamingPullRequest request) {
                    recordAcks(request.getAckIdsList());
                    for (int i = 0; i < request.getModifyDeadlineAckIdsCount(); i++) {
                        recordDeadlines(List.of(request.getModifyDeadlineAckIds(i)), request.getModifyDeadlineSeconds(i));
                    }
                    // The client closes a stream as dead when a keepalive ping (an empty request) gets no response.
                    if (request.equals(StreamingPullRequest.getDefaultInstance())) {
                        delivery.execute(() -> stream.send(StreamingPullResponse.getDefaultInstance()));
                    }
                }

                @Override
                public void onError(Throwable cancelled) {
                    closed(stream);
                }

                @Override
                public void onCompleted() {
                    closed(stream);
                    delivery.execute(stream::complete);
                }
            };
        }

        @Override
        public void acknowledge(AcknowledgeRequest request, StreamObserver<Empty> response) {
            recordAcks(request.getAckIdsList());
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void modifyAckDeadline(ModifyAckDeadlineRequest request, StreamObserver<Empty> response) {
            recordDeadlines(request.getAckIdsList(), request.getAckDeadlineSeconds());
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void getSubscription(GetSubscriptionRequest request, StreamObserver<Subscription> response) {
            response.onNext(Subscription.newBuilder()
                    .setName(request.getSubscription())
                    .setAckDeadlineSeconds(ACK_DEADLINE_SECONDS)
                    .build());
            response.onCompleted();
        }
    }
}
