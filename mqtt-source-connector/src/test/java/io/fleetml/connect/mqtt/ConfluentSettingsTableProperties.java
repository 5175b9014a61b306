package io.fleetml.connect.mqtt;

import io.fleetml.connect.common.config.ForeignSettingsProperties;

class ConfluentSettingsTableProperties extends ForeignSettingsProperties {
    ConfluentSettingsTableProperties() {
        super(MqttSourceConfig.CONFLUENT, MqttSourceConfig.CONFIG_DEF);
    }
}
