package io.fleetml.connect.gcs;

import com.google.cloud.storage.Storage;
import io.fleetml.connect.common.BundleVersion;
import io.fleetml.connect.common.config.ForeignSettings;
import io.fleetml.connect.common.config.SettingsValidation;
import io.fleetml.connect.common.gcp.GcsSettings;
import io.fleetml.connect.gcs.storage.ObjectStore;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Kafka records to Google Cloud Storage as partitioned training files (Parquet, JSON lines, Avro, TFRecord, CSV)
 * or raw bytes, exactly once when partitioning and rotation are deterministic. The connector validates settings and
 * checks the bucket; its tasks do the writing.
 */
public class GcsSinkConnector extends SinkConnector {
    private static final Logger log = LoggerFactory.getLogger(GcsSinkConnector.class);

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        GcsSinkConfig config = new GcsSinkConfig(props);
        Formats.of(config);
        ForeignSettings.Translation translation = GcsSinkConfig.CONFLUENT.translate(props);
        if (translation.usedForeignSettings()) {
            log.warn("{}", translation.describeAliases());
        }
        try (Storage storage = GcsSettings.client(config)) {
            new ObjectStore(storage, config.bucket(), config.partSize(), config.deterministic()).checkBucket();
        } catch (ConnectException | ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConnectException("cannot reach GCS bucket '" + config.bucket() + "': " + e.getMessage(), e);
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return GcsSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return GcsSinkConfig.CONFIG_DEF;
    }

    /**
     * Reads the settings of Confluent's GCS sink as their counterparts here, and adds the checks that involve several
     * settings to the per-setting ones, so the REST validate call shows them. Both identity settings get the error when
     * both are set, since removing either one fixes it.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return GcsSinkConfig.CONFLUENT.validate(connectorConfigs, this::validateOwn);
    }

    private Config validateOwn(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        config.configValues().forEach(value -> values.put(value.name(), value));
        ConfigValue header = values.get(GcsSinkConfig.DEDUP_HEADER_CONFIG);
        ConfigValue fields = values.get(GcsSinkConfig.DEDUP_FIELDS_CONFIG);
        if (fields.value() instanceof List<?> list && GcsSinkConfig.identitiesConflict(header.value(), list)) {
            header.addErrorMessage(GcsSinkConfig.DEDUP_CONFLICT);
            fields.addErrorMessage(GcsSinkConfig.DEDUP_CONFLICT);
        }
        return SettingsValidation.addConfigClassErrors(config, () -> Formats.of(new GcsSinkConfig(connectorConfigs)));
    }

    @Override
    public String version() {
        return BundleVersion.get();
    }
}
