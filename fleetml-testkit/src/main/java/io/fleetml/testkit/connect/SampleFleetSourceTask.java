package io.fleetml.testkit.connect;

import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Emits payment events in batches, resuming after the last committed one, and waits for stop when done. */
public class SampleFleetSourceTask extends SourceTask {
    private static final int BATCH = 100;
    private static final String POSITION = "next";

    private final CountDownLatch stopped = new CountDownLatch(1);
    private String topic;
    private int records;
    private boolean schemaless;
    private FleetRecords fleet;
    private Map<String, ?> sourcePartition;
    private int next;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(SampleFleetSourceConnector.CONFIG_DEF, props);
        topic = config.getString(SampleFleetSourceConnector.TOPIC_CONFIG);
        records = config.getInt(SampleFleetSourceConnector.RECORDS_CONFIG);
        schemaless = config.getBoolean(SampleFleetSourceConnector.SCHEMALESS_CONFIG);
        long seed = config.getLong(SampleFleetSourceConnector.SEED_CONFIG);
        fleet = new FleetRecords(seed);
        sourcePartition = Map.of("payments", Long.toString(seed));
        Map<String, Object> offset = context.offsetStorageReader().offset(sourcePartition);
        next = offset == null ? 0 : ((Number) offset.get(POSITION)).intValue();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (next >= records) {
            stopped.await(1, TimeUnit.SECONDS);
            return null;
        }
        List<SourceRecord> batch = new ArrayList<>(BATCH);
        for (int end = Math.min(records, next + BATCH); next < end; next++) {
            Object value = schemaless ? fleet.paymentMap(next) : fleet.paymentStruct(next);
            batch.add(new SourceRecord(sourcePartition, Map.of(POSITION, next + 1), topic, null,
                    Schema.STRING_SCHEMA, fleet.paymentId(next), schemaless ? null : FleetRecords.PAYMENT_SCHEMA, value));
        }
        return batch;
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    @Override
    public String version() {
        return "test-fixture";
    }
}
