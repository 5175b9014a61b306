package io.fleetml.it;

import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.test.TestUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Checks of no-loss tests that publish "m-0" … "m-(n-1)" and count what reached a Kafka topic. */
final class NumberedMessages {
    private NumberedMessages() {
    }

    /**
     * Every numbered message is in Kafka at least once; duplicates are allowed (at-least-once), counted, reported and
     * returned.
     */
    static int assertAllArrived(EmbeddedKafkaCluster kafka, String topic, int messages, long waitMs) throws InterruptedException {
        boolean[] seen = new boolean[messages];
        int[] counts = new int[2];
        TestUtils.waitForCondition(() -> {
            Arrays.fill(seen, false);
            counts[0] = 0;
            counts[1] = 0;
            for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll(30_000, topic)) {
                String value = new String(record.value(), StandardCharsets.UTF_8);
                if (value.startsWith("m-")) {
                    int n = Integer.parseInt(value.substring(2));
                    if (seen[n]) {
                        counts[1]++;
                    }
                    seen[n] = true;
                    counts[0]++;
                }
            }
            for (boolean s : seen) {
                if (!s) {
                    return false;
                }
            }
            return true;
        }, waitMs, () -> missing(seen));
        System.out.printf("%s: %d messages, %d records, %d duplicates, 0 lost%n", topic, messages, counts[0], counts[1]);
        return counts[1];
    }

    /** Publishes m-0 … m-(count-1) while the test disturbs the pipeline, so the disturbance hits messages in flight. */
    static CompletableFuture<Void> publishInBackground(MqttPublisher publisher, String mqttTopic, int count) {
        return CompletableFuture.runAsync(() -> {
            try {
                publisher.publishNumbered(mqttTopic, "m-", 0, count);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private static String missing(boolean[] seen) {
        List<Integer> first = new ArrayList<>();
        int count = 0;
        for (int n = 0; n < seen.length; n++) {
            if (!seen[n]) {
                count++;
                if (first.size() < 20) {
                    first.add(n);
                }
            }
        }
        return count + " messages lost, first " + first;
    }
}
