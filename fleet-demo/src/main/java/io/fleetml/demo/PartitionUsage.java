package io.fleetml.demo;

/** Objects and bytes under one partition path of a bucket. */
public record PartitionUsage(int objects, long bytes) {
    PartitionUsage plus(PartitionUsage other) {
        return new PartitionUsage(objects + other.objects, bytes + other.bytes);
    }
}
