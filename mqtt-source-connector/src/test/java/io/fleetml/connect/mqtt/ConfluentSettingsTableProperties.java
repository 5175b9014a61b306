package io.fleetml.connect.mqtt;

import io.fleetml.connect.common.config.ForeignSettings;
import io.fleetml.connect.common.config.ForeignSettingsProperties;
import org.apache.kafka.common.config.ConfigDef;

class ConfluentSettingsTableProperties extends ForeignSettingsProperties {
    @Override
    protected ForeignSettings table() {
        return MqttSourceConfig.CONFLUENT;
    }

    @Override
    protected ConfigDef settings() {
        return MqttSourceConfig.CONFIG_DEF;
    }
}
