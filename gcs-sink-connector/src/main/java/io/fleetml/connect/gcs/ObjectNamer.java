package io.fleetml.connect.gcs;

import io.fleetml.connect.common.layout.TrainingDataLayout;

/**
 * Names this sink's objects as the {@link TrainingDataLayout} says, for its configured {@code topics.dir} and format.
 * Names are derived from what is durable, never from remembered state, so a replay from the same offset names the
 * same object.
 */
public final class ObjectNamer {
    private final String topicsDir;
    private final String extension;
    private final int offsetWidth;
    private final String fileDelimiter;

    /** {@code extension} is the format's, without the leading dot. */
    public ObjectNamer(String topicsDir, String extension) {
        this(topicsDir, extension, TrainingDataLayout.DEFAULT_OFFSET_WIDTH);
    }

    /** As {@link #ObjectNamer(String, String)}, with start offsets zero-padded to {@code offsetWidth} digits. */
    public ObjectNamer(String topicsDir, String extension, int offsetWidth) {
        this(topicsDir, extension, offsetWidth, TrainingDataLayout.DEFAULT_FILE_DELIMITER);
    }

    /** As {@link #ObjectNamer(String, String, int)}, with topic, partition and offset joined by {@code fileDelimiter}. */
    public ObjectNamer(String topicsDir, String extension, int offsetWidth, String fileDelimiter) {
        this.topicsDir = topicsDir;
        this.extension = extension;
        this.offsetWidth = offsetWidth;
        this.fileDelimiter = fileDelimiter;
    }

    public String name(String topic, String encodedPartition, int kafkaPartition, long startOffset) {
        return name(topic, encodedPartition, kafkaPartition, startOffset, extension);
    }

    /** The name of an object beside that one, for a part of the same records: {@code extension} such as keys.avro. */
    public String name(String topic, String encodedPartition, int kafkaPartition, long startOffset, String extension) {
        return TrainingDataLayout.objectName(topicsDir, topic, encodedPartition, kafkaPartition, startOffset, extension, offsetWidth,
                fileDelimiter);
    }
}
