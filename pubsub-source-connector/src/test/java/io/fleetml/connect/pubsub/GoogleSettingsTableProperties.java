package io.fleetml.connect.pubsub;

import io.fleetml.connect.common.config.ForeignSettings;
import io.fleetml.connect.common.config.ForeignSettingsProperties;
import org.apache.kafka.common.config.ConfigDef;

class GoogleSettingsTableProperties extends ForeignSettingsProperties {
    @Override
    protected ForeignSettings table() {
        return PubSubSourceConfig.GOOGLE;
    }

    @Override
    protected ConfigDef settings() {
        return PubSubSourceConfig.CONFIG_DEF;
    }
}
