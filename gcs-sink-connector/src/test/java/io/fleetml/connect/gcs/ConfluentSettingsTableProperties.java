package io.fleetml.connect.gcs;

import io.fleetml.connect.common.config.ForeignSettings;
import io.fleetml.connect.common.config.ForeignSettingsProperties;
import org.apache.kafka.common.config.ConfigDef;

class ConfluentSettingsTableProperties extends ForeignSettingsProperties {
    @Override
    protected ForeignSettings table() {
        return GcsSinkConfig.CONFLUENT;
    }

    @Override
    protected ConfigDef settings() {
        return GcsSinkConfig.CONFIG_DEF;
    }
}
