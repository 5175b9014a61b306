package io.fleetml.connect.gcs.partition;

import io.fleetml.connect.common.config.EnumSetting;

/** Where a record's time comes from, named as {@code timestamp.extractor} names it in Confluent's storage sinks. */
public enum TimestampSource implements EnumSetting.Named {
    /** The record's Kafka timestamp. */
    RECORD("Record"),
    /** An event-time field of the value: epoch ms, ISO-8601 text or a Connect Timestamp. */
    RECORD_FIELD("RecordField"),
    /** The time of writing: not reproducible, so replays may regroup records. */
    WALLCLOCK("Wallclock");

    private final String settingValue;

    TimestampSource(String settingValue) {
        this.settingValue = settingValue;
    }

    @Override
    public String settingValue() {
        return settingValue;
    }
}
