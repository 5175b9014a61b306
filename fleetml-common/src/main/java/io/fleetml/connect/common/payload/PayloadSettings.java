package io.fleetml.connect.common.payload;

import io.fleetml.connect.common.config.EnumSetting;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The payload settings every source shares, {@code payload.format} and {@code payload.max.bytes}, declared and read in
 * one place so they mean the same in each.
 *
 * @param format how a payload becomes the record value
 * @param maxBytes the largest payload sent to the record's topic
 * @param producerLimit the largest payload the producer can still write at all (to {@code errors.topic})
 */
public record PayloadSettings(PayloadFormat format, int maxBytes, int producerLimit) {
    public static final String FORMAT_CONFIG = "payload.format";
    public static final String MAX_BYTES_CONFIG = "payload.max.bytes";

    private static final EnumSetting<PayloadFormat> FORMATS = EnumSetting.of(PayloadFormat.class);
    /** Empty for the producer's own limit, else at least one byte. */
    private static final ConfigDef.Validator POSITIVE_OR_EMPTY = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value != null && (Integer) value < 1) {
            throw new ConfigException(name, value, "must be at least 1");
        }
    }, () -> "[1,...] or empty");

    /** Adds both settings to {@code def} in {@code group} at {@code order} and the next position. */
    public static ConfigDef define(ConfigDef def, String group, int order) {
        return def
                .define(FORMAT_CONFIG, Type.STRING, "bytes", FORMATS.validator(), Importance.HIGH, PayloadFormat.DOC, group,
                        order, Width.SHORT, "Payload format", FORMATS.recommender())
                .define(MAX_BYTES_CONFIG, Type.INT, null, POSITIVE_OR_EMPTY, Importance.LOW,
                        "Largest payload sent to kafka.topic; larger ones go to errors.topic, with their raw bytes while those "
                                + "still fit a produce request, else with only their size and SHA-256. Default: "
                                + "producer.override.max.request.size (or the producer's 1 MiB) minus 64 KiB for key and headers.",
                        group, order + 1, Width.SHORT, "Payload max bytes");
    }

    /** Reads both settings from a config whose definition went through {@link #define}. */
    public static PayloadSettings of(AbstractConfig config) {
        int producerLimit = PayloadLimits.producerPayloadLimit(config.originalsStrings());
        Integer configured = config.getInt(MAX_BYTES_CONFIG);
        return new PayloadSettings(PayloadFormat.of(config.getString(FORMAT_CONFIG)),
                configured != null ? configured : producerLimit, producerLimit);
    }

    /** Rejects a payload larger than {@link #maxBytes}, naming the setting. */
    public void checkSize(int size) throws RecordRejected {
        if (size > maxBytes) {
            throw new RecordRejected(RecordRejected.PAYLOAD_TOO_LARGE, "payload of " + size + " bytes is larger than "
                    + MAX_BYTES_CONFIG + "=" + maxBytes);
        }
    }
}
