package io.fleetml.connect.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import io.fleetml.connect.common.layout.TrainingDataLayout;
import io.fleetml.testkit.formats.AvroBytes;
import io.fleetml.testkit.formats.ParquetBytes;
import org.apache.avro.generic.GenericRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads back what the sink wrote, with the formats' own readers, as the ids of the records in every object. */
final class StoredRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredRecords() {
    }

    /**
     * id → how many times it appears across the values' objects under {@code prefix}, the objects named as the training
     * data layout names them (the keys' and headers' objects beside them are not).
     */
    static Map<String, Integer> idCounts(Storage storage, String bucket, String prefix, String idField) {
        Map<String, Integer> counts = new HashMap<>();
        for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll()) {
            if (TrainingDataLayout.parse(blob.getName()).isEmpty()) {
                continue;
            }
            for (String id : ids(blob.getName(), storage.readAllBytes(blob.getBlobId()), idField)) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        return counts;
    }

    static List<String> ids(String name, byte[] bytes, String idField) {
        try {
            List<String> ids = new ArrayList<>();
            if (name.endsWith(".parquet") || name.endsWith(".avro")) {
                for (GenericRecord record : name.endsWith(".avro") ? AvroBytes.read(bytes) : ParquetBytes.read(bytes)) {
                    ids.add(String.valueOf(record.get(idField)));
                }
                return ids;
            }
            byte[] text = name.endsWith(".gz") ? new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes() : bytes;
            for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode node = JSON.readTree(line);
                    ids.add(node.isNull() ? "null" : node.path(idField).asText());
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
