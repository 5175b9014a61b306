package io.fleetml.testkit.connect;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * A test fixture, not part of the bundle: emits a fixed number of {@link io.fleetml.simulator.FleetRecords} payment
 * events so an SMT chain can be exercised inside a real Connect worker, then stays idle.
 */
public class SampleFleetSourceConnector extends SourceConnector {
    public static final String TOPIC_CONFIG = "topic";
    public static final String RECORDS_CONFIG = "records";
    public static final String SCHEMALESS_CONFIG = "schemaless";
    public static final String SEED_CONFIG = "seed";

    static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "Topic to write the sample payments to.")
            .define(RECORDS_CONFIG, ConfigDef.Type.INT, 100, ConfigDef.Range.atLeast(0), ConfigDef.Importance.HIGH,
                    "How many payment events to emit.")
            .define(SCHEMALESS_CONFIG, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.MEDIUM,
                    "Emit schemaless Maps instead of Structs.")
            .define(SEED_CONFIG, ConfigDef.Type.LONG, 42L, ConfigDef.Importance.LOW, "Seed of the generated records.");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new AbstractConfig(CONFIG_DEF, props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SampleFleetSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return "test-fixture";
    }
}
