package io.fleetml.demo;

import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import io.fleetml.testkit.formats.ParquetBytes;
import io.fleetml.testkit.gcs.GcsEmulator;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the GCS emulator holds in its buckets: objects and bytes per partition path, the rows of every Parquet file, and
 * every object as text for the search for personal data.
 */
final class GcsInventory {
    private final GcsEmulator gcs;
    private final List<String> buckets;

    GcsInventory(GcsEmulator gcs, List<String> buckets) {
        this.gcs = gcs;
        this.buckets = List.copyOf(buckets);
    }

    /** Every partition path (an object name without its file name, e.g. {@code gs://b/topics/t/dt=…/hour=…/}) and what it holds. */
    Map<String, PartitionUsage> partitions() {
        Map<String, PartitionUsage> partitions = new TreeMap<>();
        for (String bucket : buckets) {
            gcs.objects(bucket).forEach((name, data) -> {
                int slash = name.lastIndexOf('/');
                String path = "gs://" + bucket + "/" + (slash < 0 ? "" : name.substring(0, slash + 1));
                partitions.merge(path, new PartitionUsage(1, data.length), PartitionUsage::plus);
            });
        }
        return partitions;
    }

    int objectCount() {
        return buckets.stream().mapToInt(bucket -> gcs.objects(bucket).size()).sum();
    }

    /** The rows of every Parquet object of {@code bucket} whose name starts with {@code prefix}. */
    List<GenericRecord> parquetRows(String bucket, String prefix) {
        List<GenericRecord> rows = new ArrayList<>();
        gcs.objects(bucket).forEach((name, data) -> {
            if (name.startsWith(prefix) && isParquet(name)) {
                rows.addAll(read(bucket, name, data));
            }
        });
        return rows;
    }

    /** Every object as text, Parquet objects decoded to their rows (their pages are compressed). */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (String bucket : buckets) {
            gcs.objects(bucket).forEach((name, data) -> {
                if (isParquet(name)) {
                    StringBuilder rows = new StringBuilder();
                    read(bucket, name, data).forEach(row -> rows.append(row).append('\n'));
                    texts.add(rows.toString());
                } else {
                    texts.add(new String(data, StandardCharsets.UTF_8));
                }
            });
        }
        return texts;
    }

    private static List<GenericRecord> read(String bucket, String name, byte[] data) {
        try {
            return ParquetBytes.read(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gs://" + bucket + "/" + name + " as Parquet", e);
        }
    }

    private static boolean isParquet(String objectName) {
        return Extension.of(objectName).filter(Extension.PARQUET::equals).isPresent();
    }
}
