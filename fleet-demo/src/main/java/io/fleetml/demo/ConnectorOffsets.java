package io.fleetml.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How far each connector has got, read from Kafka itself: a source by the end offsets of the topic it writes, a sink
 * by the offsets its consumer group committed (the GCS sink commits only what is durable in GCS).
 */
final class ConnectorOffsets implements AutoCloseable {
    private static final long TIMEOUT_MS = 30_000;

    private final Admin admin;

    ConnectorOffsets(Admin admin) {
        this.admin = admin;
    }

    /** Records in the topic, summed over its partitions; 0 while the topic does not exist yet. */
    long produced(String topic) {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            descriptions.get(topic).partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long total = 0;
            for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(request).all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).values()) {
                total += info.offset();
            }
            return total;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw new IllegalStateException("cannot read the end offsets of " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not list the offsets of " + topic + " within " + TIMEOUT_MS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Offsets the sink connector has committed, summed over its partitions. */
    long committed(String sinkConnector) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("connect-" + sinkConnector)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + sinkConnector, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not list the offsets of " + sinkConnector + " within " + TIMEOUT_MS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
