package io.fleetml.testkit.pubsub;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real Pub/Sub client library against the official emulator; skipped where the Cloud SDK lacks it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PubSubEmulatorTest {
    private static final Duration PULL_TIMEOUT = Duration.ofSeconds(30);

    private static PubSubEmulator emulator;

    @BeforeAll
    static void start() {
        if (PubSubEmulator.available()) {
            emulator = PubSubEmulator.start();
        }
    }

    /** Assumed per test rather than once per class so that each skipped test is reported with the reason. */
    @BeforeEach
    void requireEmulator() {
        assumeTrue(PubSubEmulator.available(), PubSubEmulator.unavailableReason());
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void publishedMessagesArePulledBackWithAttributesAndOrderingKey() {
        emulator.createTopic("telemetry");
        emulator.createSubscription("telemetry-sub", "telemetry",
                SubscriptionOptions.defaults().withMessageOrdering(true).withAckDeadlineSeconds(60));
        List<PubsubMessage> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(PubsubMessage.newBuilder()
                    .setData(ByteString.copyFrom("reading-" + i, StandardCharsets.UTF_8))
                    .putAttributes("vehicle", "truck-7")
                    .putAttributes("seq", Integer.toString(i))
                    .setOrderingKey("truck-7")
                    .build());
        }

        List<String> ids = emulator.publishAll("telemetry", sent);
        Map<String, PubsubMessage> received = pullUntil("telemetry-sub", ids.size());

        assertEquals(ids, List.copyOf(received.keySet()), "messages of one ordering key arrive in publish order");
        for (int i = 0; i < 3; i++) {
            PubsubMessage message = received.get(ids.get(i));
            assertEquals("reading-" + i, message.getData().toStringUtf8());
            assertEquals(Map.of("vehicle", "truck-7", "seq", Integer.toString(i)), message.getAttributesMap());
            assertEquals("truck-7", message.getOrderingKey());
        }
    }

    @Test
    void numberedMessagesCarryTheirNumberInPayloadAndAttribute() {
        emulator.createTopic("numbered");
        emulator.createSubscription("numbered-sub", "numbered");

        List<String> ids = emulator.publishNumbered("numbered", 5);
        Map<String, PubsubMessage> received = pullUntil("numbered-sub", ids.size());

        assertEquals(5, received.size());
        for (int i = 0; i < 5; i++) {
            PubsubMessage message = received.get(ids.get(i));
            assertEquals("{\"n\":" + i + "}", message.getData().toStringUtf8());
            assertEquals(Integer.toString(i), message.getAttributesOrThrow("n"));
        }
    }

    @Test
    void idsShorterThanThreeCharactersAreRejectedWithAClearMessage() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> emulator.createTopic("ab"));
        assertEquals("Pub/Sub topic and subscription ids need at least 3 characters: 'ab'", error.getMessage());
    }

    /** One pull may return only part of the backlog, so pull (without acking) until all have come, keyed by id. */
    private static Map<String, PubsubMessage> pullUntil(String subscription, int count) {
        Map<String, PubsubMessage> received = new LinkedHashMap<>();
        long deadline = System.nanoTime() + PULL_TIMEOUT.toNanos();
        while (received.size() < count && System.nanoTime() - deadline < 0) {
            for (ReceivedMessage message : emulator.pullSync(subscription, count)) {
                received.putIfAbsent(message.getMessage().getMessageId(), message.getMessage());
            }
        }
        assertEquals(count, received.size(), "messages pulled from " + subscription);
        return received;
    }
}
