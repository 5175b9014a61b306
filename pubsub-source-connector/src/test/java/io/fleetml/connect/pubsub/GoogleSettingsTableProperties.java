package io.fleetml.connect.pubsub;

import io.fleetml.connect.common.config.ForeignSettingsProperties;

class GoogleSettingsTableProperties extends ForeignSettingsProperties {
    GoogleSettingsTableProperties() {
        super(PubSubSourceConfig.GOOGLE, PubSubSourceConfig.CONFIG_DEF);
    }
}
