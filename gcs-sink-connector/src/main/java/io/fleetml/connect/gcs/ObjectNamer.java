package io.fleetml.connect.gcs;

/**
 * Derives object names from what is durable, never from remembered state: {@code <topics.dir>/<topic>/<encoded
 * partition>/<topic>+<kafka partition>+<start offset>.<ext>}. The start offset is zero-padded to 20 digits, so names
 * sort by offset and a replay from the same offset names the same object.
 */
public final class ObjectNamer {
    private final String topicsDir;
    private final String extension;

    public ObjectNamer(String topicsDir, String extension) {
        this.topicsDir = topicsDir.endsWith("/") ? topicsDir.substring(0, topicsDir.length() - 1) : topicsDir;
        this.extension = extension;
    }

    public String name(String topic, String encodedPartition, int kafkaPartition, long startOffset) {
        return topicsDir + "/" + topic + "/" + encodedPartition + "/" + topic + "+" + kafkaPartition + "+"
                + String.format("%020d", startOffset) + "." + extension;
    }

    /** The start offset of an object named by {@link #name}, for readers that reassemble a partition's history. */
    public static long startOffset(String objectName) {
        int plus = objectName.lastIndexOf('+');
        int dot = objectName.indexOf('.', plus);
        return Long.parseLong(objectName.substring(plus + 1, dot));
    }
}
