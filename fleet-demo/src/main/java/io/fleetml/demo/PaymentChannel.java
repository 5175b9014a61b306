package io.fleetml.demo;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.fleetml.testkit.mqtt.MqttPublisher;
import io.fleetml.testkit.pubsub.PubSubEmulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Where the simulated payment terminals send their events: Pub/Sub, or MQTT where no Pub/Sub emulator is installed. */
interface PaymentChannel extends AutoCloseable {
    String PUBSUB_TOPIC = "payments";
    String PUBSUB_SUBSCRIPTION = "payments-to-kafka";
    Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** Sends the events (payment id, JSON bytes) and returns once the server has confirmed every one. */
    void send(List<Map.Entry<String, byte[]>> payments) throws Exception;

    /** A topic and the subscription the connector file names, created before the connector starts. */
    static PaymentChannel pubsub(PubSubEmulator emulator) {
        emulator.createTopic(PUBSUB_TOPIC);
        emulator.createSubscription(PUBSUB_SUBSCRIPTION, PUBSUB_TOPIC);
        Publisher publisher = emulator.publisher(PUBSUB_TOPIC);
        return new PaymentChannel() {
            @Override
            public void send(List<Map.Entry<String, byte[]>> payments) throws InterruptedException {
                List<ApiFuture<String>> ids = new ArrayList<>(payments.size());
                for (Map.Entry<String, byte[]> payment : payments) {
                    ids.add(publisher.publish(PubsubMessage.newBuilder()
                            .setData(ByteString.copyFrom(payment.getValue()))
                            .putAttributes("payment_id", payment.getKey())
                            .build()));
                }
                try {
                    ApiFutures.allAsList(ids).get(FleetTraffic.SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("the Pub/Sub emulator did not confirm " + payments.size()
                            + " payments within " + FleetTraffic.SEND_TIMEOUT, e);
                }
            }

            /**
             * Publisher.shutdown() waits without a bound for messages still outstanding, and on Ctrl-C the emulator's
             * own shutdown hook may already have stopped it, so the wait runs aside and is bounded here.
             */
            @Override
            public void close() throws InterruptedException {
                Thread shutdown = new Thread(publisher::shutdown, "payments-publisher-shutdown");
                shutdown.setDaemon(true);
                shutdown.start();
                shutdown.join(CLOSE_TIMEOUT.toMillis());
            }
        };
    }

    /** Payments on {@code payments/{payment_id}}, as mqtt-source-payments.json subscribes. */
    static PaymentChannel mqtt(MqttPublisher publisher) {
        return new PaymentChannel() {
            @Override
            public void send(List<Map.Entry<String, byte[]>> payments) throws Exception {
                publisher.publishAll(payments.stream()
                        .map(p -> Map.entry("payments/" + p.getKey(), p.getValue())).toList());
            }

            @Override
            public void close() {
                // The publisher is the telemetry's too; the run closes it once.
            }
        };
    }
}
