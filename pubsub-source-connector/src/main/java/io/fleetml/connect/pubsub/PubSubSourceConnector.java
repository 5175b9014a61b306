package io.fleetml.connect.pubsub;

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

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Brings Cloud Pub/Sub messages (payment and vehicle events) into Kafka at least once: every task pulls from the same
 * subscription over StreamingPull and acks a message only after Kafka has it; Pub/Sub balances messages over the tasks.
 */
public class PubSubSourceConnector extends SourceConnector {
    private static final Logger log = LoggerFactory.getLogger(PubSubSourceConnector.class);

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new PubSubSourceConfig(props);
        ForeignSettings.Translation translation = PubSubSourceConfig.GOOGLE.translate(props);
        if (translation.usedForeignSettings()) {
            log.warn("{}", translation.describeAliases());
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PubSubSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return PubSubSourceConfig.CONFIG_DEF;
    }

    /**
     * Reads the settings of Google's connector as their counterparts here (refusing those that would change the records),
     * and adds the checks across settings (subscription in another project, plaintext without an endpoint or with a
     * key) and the worker's policy on endpoints and key files.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return PubSubSourceConfig.GOOGLE.validate(connectorConfigs, settings ->
                SettingsValidation.addConfigClassErrors(super.validate(settings), () -> new PubSubSourceConfig(settings)));
    }

    /** Pub/Sub cannot replay by Kafka offset, so there is nothing a Kafka transaction could make exactly once. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    @Override
    public String version() {
        return BundleVersion.get();
    }
}
