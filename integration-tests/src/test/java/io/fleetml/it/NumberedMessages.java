package io.fleetml.it;

import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.test.TestUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Checks of no-loss tests that publish "m-0" … "m-(n-1)", alone or followed by a space and padding, and count what
 * reached a Kafka topic.
 */
final class NumberedMessages {
    /** The size of a telemetry reading, the payload size the duplicate bounds of the MQTT crash tests are stated for. */
    static final int TELEMETRY_PAYLOAD_BYTES = 300;

    private NumberedMessages() {
    }

    /**
     * Every numbered message is in Kafka at least once; duplicates are allowed (at-least-once), counted, reported and
     * returned.
     */
    static int assertAllArrived(EmbeddedKafkaCluster kafka, String topic, int messages, long waitMs) throws InterruptedException {
        boolean[] seen = new boolean[messages];
        int[] copies = new int[messages];
        int[] counts = new int[2];
        TestUtils.waitForCondition(() -> {
            Arrays.fill(seen, false);
            Arrays.fill(copies, 0);
            counts[0] = 0;
            counts[1] = 0;
            for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll(30_000, topic)) {
                String value = new String(record.value(), StandardCharsets.UTF_8);
                if (value.startsWith("m-")) {
                    int end = value.indexOf(' ');
                    int n = Integer.parseInt(value.substring(2, end < 0 ? value.length() : end));
                    if (seen[n]) {
                        counts[1]++;
                    }
                    copies[n]++;
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
        System.out.printf("%s: %d messages, %d records, %d duplicates%s, 0 lost%n", topic, messages, counts[0], counts[1],
                duplicatedRanges(copies));
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

    /** Where duplicates are tells what caused them: one range per resent window, spread ones something else. */
    private static String duplicatedRanges(int[] copies) {
        StringBuilder ranges = new StringBuilder();
        int shown = 0;
        for (int n = 0; n < copies.length && shown < 10; n++) {
            if (copies[n] > 1) {
                int end = n;
                while (end + 1 < copies.length && copies[end + 1] > 1) {
                    end++;
                }
                ranges.append(shown == 0 ? " (in m-" : ", m-").append(n).append("..").append(end);
                shown++;
                n = end;
            }
        }
        return shown == 0 ? "" : ranges.append(')').toString();
    }

    /**
     * Publishes m-0 … m-(count-1), each padded with spaces to {@code payloadBytes}, while the test disturbs the
     * pipeline.
     */
    static CompletableFuture<Void> publishPaddedInBackground(MqttPublisher publisher, String mqttTopic, int count, int payloadBytes) {
        List<Map.Entry<String, byte[]>> messages = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            byte[] payload = new byte[payloadBytes];
            Arrays.fill(payload, (byte) ' ');
            byte[] number = ("m-" + n).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(number, 0, payload, 0, number.length);
            messages.add(Map.entry(mqttTopic, payload));
        }
        return CompletableFuture.runAsync(() -> {
            try {
                publisher.publishAll(messages);
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
