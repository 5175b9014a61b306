package io.fleetml.testkit.formats;

import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads an Avro container file held in memory (an object downloaded from GCS) with Avro's own reader. */
public final class AvroBytes {
    private AvroBytes() {
    }

    public static List<GenericRecord> read(byte[] file) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        try (DataFileStream<GenericRecord> stream = new DataFileStream<>(new ByteArrayInputStream(file), new GenericDatumReader<>())) {
            stream.forEach(records::add);
        }
        return records;
    }
}
