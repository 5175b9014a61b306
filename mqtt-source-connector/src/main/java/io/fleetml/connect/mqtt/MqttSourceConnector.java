package io.fleetml.connect.mqtt;

import io.fleetml.connect.common.BundleVersion;
import io.fleetml.connect.common.config.ForeignSettings;
import io.fleetml.connect.common.config.SettingsValidation;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings MQTT messages (vehicle telemetry) into Kafka at least once: each task holds a persistent MQTT session under a
 * client id of its own and acknowledges a message only after Kafka has it; several tasks share the load through a
 * shared subscription.
 */
public class MqttSourceConnector extends SourceConnector {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceConnector.class);

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new MqttSourceConfig(props);
        ForeignSettings.Translation translation = MqttSourceConfig.CONFLUENT.translate(props);
        if (translation.usedForeignSettings()) {
            log.warn("{}", translation.describeAliases());
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(MqttSourceConfig.TASK_NUMBER, Integer.toString(i));
            task.put(MqttSourceConfig.TASK_COUNT, Integer.toString(maxTasks));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return MqttSourceConfig.CONFIG_DEF;
    }

    /**
     * Reads the settings of Confluent's MQTT source as their counterparts here, and adds the checks across settings
     * (captures used by the templates, tasks.max without shared subscriptions, a password with a tcp:// broker) to the
     * per-setting ones, which include the worker's policy on brokers and stores.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return MqttSourceConfig.CONFLUENT.validate(connectorConfigs, settings -> {
            Map<String, String> withTasks = new HashMap<>(settings);
            withTasks.put(MqttSourceConfig.TASK_COUNT, settings.getOrDefault("tasks.max", "1"));
            return SettingsValidation.addConfigClassErrors(super.validate(settings), () -> new MqttSourceConfig(withTasks));
        });
    }

    /** MQTT cannot replay by offset, so there is nothing a Kafka transaction could make exactly once. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    @Override
    public String version() {
        return BundleVersion.get();
    }
}
