package io.fleetml.testkit.pubsub;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real client library {@link Subscriber} (StreamingPull) against the scripted server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultySubscriberServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private FaultySubscriberServer server;
    private Subscriber subscriber;
    private final List<PubsubMessage> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() {
        server = FaultySubscriberServer.start();
    }

    @AfterEach
    void stop() throws TimeoutException {
        if (subscriber != null && subscriber.isRunning()) {
            subscriber.stopAsync().awaitTerminated(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        server.close();
    }

    private void startSubscriber(MessageReceiver receiver) {
        subscriber = Subscriber.newBuilder(ProjectSubscriptionName.format("p", "s"), receiver)
                .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(server.channel())))
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build();
        subscriber.startAsync();
    }

    private void startAckingSubscriber() {
        startSubscriber((message, consumer) -> {
            received.add(message);
            consumer.ack();
        });
    }

    private static PubsubMessage message(String payload) {
        return PubsubMessage.newBuilder()
                .setData(ByteString.copyFromUtf8(payload))
                .putAttributes("source", "test")
                .build();
    }

    @Test
    void offeredMessagesAreReceivedAndTheirAcksRecorded() {
        startAckingSubscriber();
        server.offer(message("a"));
        server.offer(message("b"));
        server.offer(message("c"));

        assertTrue(server.awaitAcked(3, WAIT), "acks for 3 messages, got " + server.ackedMessageIds());
        // The client hands messages to its receiver on several threads, so they may arrive in any order.
        assertEquals(List.of("a", "b", "c"), received.stream().map(m -> m.getData().toStringUtf8()).sorted().toList());
        assertEquals(Set.copyOf(received.stream().map(PubsubMessage::getMessageId).toList()), server.ackedMessageIds());
        assertTrue(received.stream().allMatch(m -> "test".equals(m.getAttributesOrThrow("source"))));
        assertEquals(Set.of(), server.nackedMessageIds());
    }

    @Test
    void nackedMessagesAreRecordedAsNacks() {
        startSubscriber((message, consumer) -> {
            received.add(message);
            consumer.nack();
        });
        server.offer(message("first"));
        server.offer(message("second"));

        assertTrue(server.awaitNacked(2, WAIT), "nacks for 2 messages, got " + server.nackedMessageIds());
        assertEquals(Set.copyOf(received.stream().map(PubsubMessage::getMessageId).toList()), server.nackedMessageIds());
        assertEquals(Set.of(), server.ackedMessageIds());
    }

    /** The client library sends acks as unary calls; other clients send them on the stream, which counts the same. */
    @Test
    void acksAndNacksSentOnTheStreamAreRecorded() throws Exception {
        BlockingQueue<StreamingPullResponse> responses = new LinkedBlockingQueue<>();
        StreamObserver<StreamingPullRequest> requests = SubscriberGrpc.newStub(server.channel())
                .streamingPull(new StreamObserver<>() {
                    @Override
                    public void onNext(StreamingPullResponse response) {
                        responses.add(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        // shows up as a response that never comes
                    }

                    @Override
                    public void onCompleted() {
                        // the test half-closes first; the server's completion carries nothing to check
                    }
                });
        requests.onNext(StreamingPullRequest.newBuilder()
                .setSubscription(ProjectSubscriptionName.format("p", "s"))
                .setStreamAckDeadlineSeconds(10)
                .build());
        server.offer(message("kept"));
        server.offer(message("refused"));
        List<ReceivedMessage> delivered = new ArrayList<>();
        while (delivered.size() < 2) {
            StreamingPullResponse response = responses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(response, "messages delivered on the stream");
            delivered.addAll(response.getReceivedMessagesList());
        }

        requests.onNext(StreamingPullRequest.newBuilder()
                .addAckIds(delivered.get(0).getAckId())
                .addModifyDeadlineAckIds(delivered.get(1).getAckId())
                .addModifyDeadlineSeconds(0)
                .build());

        assertTrue(server.awaitAcked(1, WAIT));
        assertTrue(server.awaitNacked(1, WAIT));
        assertEquals(Set.of(delivered.get(0).getMessage().getMessageId()), server.ackedMessageIds());
        assertEquals(Set.of(delivered.get(1).getMessage().getMessageId()), server.nackedMessageIds());
        requests.onCompleted();
    }

    @Test
    void streamFailedWithUnavailableIsReopenedAndThenDelivers() {
        server.failNextStreams(Status.UNAVAILABLE.withDescription("scripted outage"),
                Status.DEADLINE_EXCEEDED.withDescription("scripted timeout"));
        startAckingSubscriber();
        server.offer(message("after-outage"));

        assertTrue(server.awaitAcked(1, WAIT), "the message is acked once a stream stays open");
        assertTrue(server.streamsOpened() >= 3, "streams opened: " + server.streamsOpened());
        assertEquals("after-outage", received.get(0).getData().toStringUtf8());
    }

    @Test
    void permissionDeniedOnEveryStreamFailsTheSubscriber() {
        server.failAllStreams(Status.PERMISSION_DENIED.withDescription("scripted: no access"));
        startAckingSubscriber();

        assertThrows(IllegalStateException.class,
                () -> subscriber.awaitTerminated(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(Subscriber.State.FAILED, subscriber.state());
        assertEquals(StatusCode.Code.PERMISSION_DENIED, apiException(subscriber.failureCause()).getStatusCode().getCode());
    }

    /** A stream that fails while the subscriber is still starting surfaces wrapped in an IllegalStateException. */
    private static ApiException apiException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api;
            }
        }
        throw new AssertionError("no ApiException in the failure's causes", failure);
    }
}
