package io.fleetml.it;

import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Connect worker running the MQTT source task dies mid-stream (SIGKILL of its JVM: no task stop, no offset commit,
 * no MQTT disconnect) and is started again: the broker keeps what was not acknowledged in the task's persistent
 * session and redelivers it to the task's next incarnation on the surviving worker, so every message reaches Kafka.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class MqttSourceWorkerCrashIT {
    private static final int MESSAGES = 50_000;
    private static final String TOPIC = "mqtt.noloss.crash";

    @TempDir
    Path workDir;

    @Test
    void noMessageIsLostWhenTheWorkerRunningTheTaskIsKilled() throws Exception {
        try (MqttBroker broker = MqttBroker.builder().build().start();
             MqttPublisher publisher = new MqttPublisher("127.0.0.1", broker.port())) {
            WorkerCrash.assertNoLoss(workDir, "mqtt-crash", MqttSourceIT.sourceConfig("noloss/crash", TOPIC, broker.tcpUri()), TOPIC,
                    MESSAGES, new WorkerCrash.Source() {
                        @Override
                        public void awaitReceiving(String connector, EmbeddedKafkaCluster kafka) {
                            broker.awaitSubscription("fleetml-" + connector + "-0", Duration.ofMinutes(3));
                        }

                        @Override
                        public CompletableFuture<?> publish(int count) {
                            return NumberedMessages.publishInBackground(publisher, "noloss/crash", count);
                        }
                    });
        }
    }
}
