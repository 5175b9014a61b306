package io.fleetml.connect.gcs;

import io.fleetml.connect.gcs.GcsSinkConfig.PartFormat;
import io.fleetml.connect.gcs.format.RecordFormat;
import io.fleetml.connect.gcs.storage.ObjectStore;
import io.fleetml.connect.gcs.storage.UploadStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects a file of records is made of: the values in the configured format, and, when the sink stores them, the
 * keys and the headers in objects of their own named after the values' ({@code <topic>+<partition>+<offset>.keys.avro}
 * beside {@code .parquet}), one entry per value in the same order, committed with it.
 */
final class RecordFiles {
    /** A part stored beside the values, and the format it is written in. */
    record StoredPart(RecordPart part, PartFormat format, RecordFormat encoding) {
    }

    private final RecordFormat values;
    private final ObjectNamer namer;
    private final List<StoredPart> stored;

    RecordFiles(RecordFormat values, ObjectNamer namer, List<StoredPart> stored) {
        this.values = values;
        this.namer = namer;
        this.stored = stored;
    }

    static RecordFiles of(GcsSinkConfig config) {
        RecordFormat values = Formats.of(config);
        List<StoredPart> stored = new ArrayList<>();
        if (config.storeKeys()) {
            stored.add(new StoredPart(RecordPart.KEYS, config.keysFormat(), Formats.of(config, config.keysFormat())));
        }
        if (config.storeHeaders()) {
            stored.add(new StoredPart(RecordPart.HEADERS, config.headersFormat(), Formats.of(config, config.headersFormat())));
        }
        return new RecordFiles(values, new ObjectNamer(config.topicsDir(), values.extension(), config.offsetWidth(),
                config.fileDelimiter()), List.copyOf(stored));
    }

    /**
     * The stored parts of {@code record}, as records whose values they are, in the order {@link OpenFile#write} takes
     * them. A record lacking a part, or whose part its format cannot write, fails with a DataException saying why.
     */
    List<SinkRecord> views(SinkRecord record) {
        if (stored.isEmpty()) {
            return List.of();
        }
        List<SinkRecord> views = new ArrayList<>(stored.size());
        for (StoredPart part : stored) {
            views.add(part.part().view(record, part.format()));
        }
        return views;
    }

    /** Opens the objects of the file of {@code tp} in {@code directory} that starts with {@code record}. */
    OpenFile open(ObjectStore store, TopicPartition tp, String directory, SinkRecord record, List<SinkRecord> views) {
        Map<String, String> metadata = Map.of(
                "fleetml-topic", tp.topic(),
                "fleetml-kafka-partition", Integer.toString(tp.partition()),
                "fleetml-start-offset", Long.toString(record.kafkaOffset()));
        List<OpenFile.Output> opened = new ArrayList<>(1 + stored.size());
        try {
            opened.add(output(store, namer.name(tp.topic(), directory, tp.partition(), record.kafkaOffset()), values,
                    record.valueSchema(), metadata, false));
            for (int i = 0; i < stored.size(); i++) {
                StoredPart part = stored.get(i);
                String name = namer.name(tp.topic(), directory, tp.partition(), record.kafkaOffset(),
                        part.part().suffix() + "." + part.encoding().extension());
                opened.add(output(store, name, part.encoding(), views.get(i).valueSchema(), metadata, part.format().schemaBound()));
            }
        } catch (RuntimeException e) {
            // A schema a format cannot write is found here, before any record is written: nothing is left open.
            opened.forEach(OpenFile.Output::abort);
            throw e;
        }
        return new OpenFile(opened.get(0), opened.subList(1, opened.size()));
    }

    private static OpenFile.Output output(ObjectStore store, String name, RecordFormat format, Schema schema,
                                          Map<String, String> metadata, boolean schemaBound) {
        UploadStream upload = store.open(name, ContentTypes.of(format.extension()), metadata);
        return new OpenFile.Output(name, schema, upload, format.newWriter(upload, schema), schemaBound);
    }
}
