package io.fleetml.connect.gcs;

import io.fleetml.connect.common.config.ForeignSettingsProperties;

class ConfluentSettingsTableProperties extends ForeignSettingsProperties {
    ConfluentSettingsTableProperties() {
        super(GcsSinkConfig.CONFLUENT, GcsSinkConfig.CONFIG_DEF);
    }
}
