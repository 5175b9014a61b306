package io.fleetml.connect.pubsub;

import io.fleetml.contract.SourceTaskPolling;
import io.fleetml.testkit.connect.MetricsOnlyTaskContext;
import io.fleetml.testkit.pubsub.FaultySubscriberServer;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault paths the Pub/Sub emulator cannot produce (UNAVAILABLE, DEADLINE_EXCEEDED, PERMISSION_DENIED), driven through
 * the connector's own task and the client library's Subscriber against an in-process gRPC server that implements the
 * Subscriber service. The server is a stand-in only for these faults; the emulator tests cover the real service.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PubSubSourceTaskFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private FaultySubscriberServer server;
    private PubSubSourceTask task;
    private Metrics metrics;

    @BeforeEach
    void startServer() {
        server = FaultySubscriberServer.start();
        metrics = new Metrics();
        task = new PubSubSourceTask(InProcessChannelBuilder.forName(server.serverName()));
        PluginMetrics pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "fault-test", "task", "0"));
        task.initialize(new MetricsOnlyTaskContext(pluginMetrics));
    }

    @AfterEach
    void stop() {
        task.stop();
        server.close();
        metrics.close();
    }

    private static PubsubMessage message(String id, String payload) {
        return PubsubMessage.newBuilder().setMessageId(id).setData(ByteString.copyFromUtf8(payload)).putAttributes("vin", "V" + id).build();
    }

    private List<SourceRecord> pollUntil(int count) throws InterruptedException {
        return SourceTaskPolling.pollUntil(task, count, WAIT);
    }

    @Test
    void retryableStreamErrorsAreRetriedAndMessagesAreAckedOnlyOnceKafkaHasThem() throws InterruptedException {
        server.failNextStreams(Status.UNAVAILABLE.withDescription("connection reset"), Status.DEADLINE_EXCEEDED);
        task.start(PubSubSourceConfigTest.props());
        for (int i = 1; i <= 3; i++) {
            server.offer(message("m" + i, "{\"payment_id\":" + i + "}"));
        }
        List<SourceRecord> records = pollUntil(3);
        assertTrue(server.streamsOpened() >= 3, "the two failed streams were followed by a working one");
        assertTrue(server.ackedMessageIds().isEmpty(), "nothing is acked before Kafka has it");
        for (SourceRecord record : records) {
            task.commitRecord(record, null);
        }
        assertTrue(server.awaitAcked(3, WAIT), "acked: " + server.ackedMessageIds());
        assertEquals(Set.of("m1", "m2", "m3"), server.ackedMessageIds());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Double.valueOf(3.0).equals(metric("messages-acked")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(3.0, metric("messages-acked"), "acks confirmed once their RPC returned");
    }

    @Test
    void permissionDeniedFailsTheTaskNamingTheSubscriptionAndTheCause() throws InterruptedException {
        server.failAllStreams(Status.PERMISSION_DENIED.withDescription("caller lacks pubsub.subscriptions.consume"));
        task.start(PubSubSourceConfigTest.props());
        ConnectException failure = pollUntilFailure();
        assertTrue(failure.getMessage().contains("projects/fleet-prod/subscriptions/payments-sub"), failure.getMessage());
        assertTrue(failure.getMessage().contains("PERMISSION_DENIED"), failure.getMessage());
    }

    @Test
    void anEndpointThatNeverAnswersFailsTheTaskAfterTheMaximumOutage() throws InterruptedException {
        server.failAllStreams(Status.UNAVAILABLE.withDescription("backend unreachable"));
        task.start(PubSubSourceConfigTest.props("pubsub.max.outage.ms", "1000"));
        ConnectException failure = pollUntilFailure();
        assertTrue(failure.getMessage().contains("pubsub.max.outage.ms=1000"), failure.getMessage());
        assertTrue(failure.getMessage().contains("UNAVAILABLE") && failure.getMessage().contains("backend unreachable"), failure.getMessage());
        assertTrue(server.streamsOpened() >= 2, "the client retried before the task gave up");
    }

    @Test
    void stopNacksEveryMessageKafkaDoesNotHaveYet() throws InterruptedException {
        task.start(PubSubSourceConfigTest.props());
        for (int i = 1; i <= 4; i++) {
            server.offer(message("s" + i, "x"));
        }
        List<SourceRecord> records = pollUntil(4);
        SourceRecord inKafka = records.stream().filter(r -> "s2".equals(r.headers().lastWithName("pubsub.message.id").value()))
                .findFirst().orElseThrow();
        task.commitRecord(inKafka, null);
        assertTrue(server.awaitAcked(1, WAIT));
        task.stop();
        assertTrue(server.awaitNacked(3, WAIT), "nacked: " + server.nackedMessageIds());
        assertEquals(Set.of("s1", "s3", "s4"), server.nackedMessageIds());
        assertEquals(Set.of("s2"), server.ackedMessageIds());
    }

    @Test
    void aMessageThatCannotBecomeARecordFailsTheTaskAndStaysUnacked() throws InterruptedException {
        task.start(PubSubSourceConfigTest.props("payload.format", "json"));
        server.offer(message("bad1", "{\"card\": 4111 1111"));
        ConnectException failure = pollUntilFailure();
        assertTrue(failure.getMessage().contains("bad1") && failure.getMessage().contains("not valid JSON")
                && failure.getMessage().contains("errors.topic"), failure.getMessage());
        assertTrue(!failure.getMessage().contains("4111"), "the payload is not quoted");
        assertTrue(server.ackedMessageIds().isEmpty());
    }

    /** Polls until the task fails; a poll that returns records instead is a test failure, as is no failure in time. */
    private ConnectException pollUntilFailure() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                List<SourceRecord> records = task.poll();
                assertTrue(records == null, "expected the task to fail, it produced records: " + records);
            } catch (ConnectException e) {
                return e;
            }
        }
        throw new AssertionError("the task did not fail within " + WAIT);
    }

    private Object metric(String name) {
        return metrics.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name)).getValue().metricValue();
    }
}
