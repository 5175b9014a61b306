package io.fleetml.demo;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Every record of every topic of the cluster (keys, values and headers) searched for planted personal data. The
 * sources' errors topics are the one exception, by design: they keep the payloads that could not be parsed, and so
 * could not be masked, byte for byte for replay, so there only keys and headers must be clean.
 */
final class KafkaTopicScan {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How the example connector configurations name their sources' errors topics. */
    private static final String ERRORS_TOPIC_SUFFIX = ".errors";

    /** The topics, the records read and the planted strings found. */
    record Result(Set<String> topics, long records, Set<String> found) {
    }

    private KafkaTopicScan() {
    }

    static Result scan(EmbeddedKafkaCluster kafka, PlantedPii planted) throws Exception {
        Set<String> topics;
        try (var admin = kafka.createAdminClient()) {
            topics = new TreeSet<>(admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        long records = 0;
        Set<String> found = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll(TIMEOUT.toMillis(), topics.toArray(String[]::new))) {
            records++;
            StringBuilder text = new StringBuilder();
            append(text, record.key());
            if (!record.topic().endsWith(ERRORS_TOPIC_SUFFIX)) {
                append(text, record.value());
            }
            for (Header header : record.headers()) {
                text.append(header.key()).append('=');
                append(text, header.value());
            }
            found.addAll(planted.foundIn(text));
        }
        return new Result(topics, records, found);
    }

    private static void append(StringBuilder text, byte[] bytes) {
        if (bytes != null) {
            text.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
        }
    }
}
