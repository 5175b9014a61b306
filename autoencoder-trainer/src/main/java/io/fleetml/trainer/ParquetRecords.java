package io.fleetml.trainer;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The rows of a Parquet file as the sink writes it with parquet-avro, read through Parquet's own local
 * {@link LocalInputFile} (no Hadoop file system) and turned into plain Java values by {@link AvroValues}.
 */
final class ParquetRecords {
    private ParquetRecords() {
    }

    static void read(Path file, Consumer<Object> records) throws IOException {
        long row = 0;
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(GenericData.get())
                .withConf(new PlainParquetConfiguration())
                .build()) {
            while (true) {
                GenericRecord record;
                try {
                    record = reader.read();
                } catch (RuntimeException e) {
                    // Parquet reports a file that is not Parquet, or a damaged page, as a runtime exception.
                    throw new IOException((row == 0 ? "not a readable Parquet file: " : "row " + (row + 1) + ": ")
                            + e.getMessage(), e);
                }
                if (record == null) {
                    return;
                }
                row++;
                records.accept(AvroValues.toJava(record, record.getSchema()));
            }
        }
    }
}
