package io.fleetml.connect.gcs.format;

import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.InvalidSchemaException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;

/** Parquet files through parquet-avro, streamed: each row group goes to the output as soon as it is full. */
final class ParquetFormat implements RecordFormat {
    private final CompressionCodecName codec;
    private final FormatOptions options;

    ParquetFormat(CompressionCodecName codec, FormatOptions options) {
        this.codec = codec;
        this.options = options;
    }

    @Override
    public String extension() {
        return Extension.PARQUET.text();
    }

    @Override
    public RecordWriter newWriter(OutputStream out, org.apache.kafka.connect.data.Schema schema) {
        AvroRecords records = new AvroRecords(options.avroSchemaJson());
        Schema avroSchema = records.schemaFor(schema);
        CountingOutputFile file = new CountingOutputFile(out);
        return new RecordWriter() {
            private ParquetWriter<GenericRecord> writer;
            private boolean closed;

            @Override
            public void write(SinkRecord record) throws IOException {
                GenericRecord converted = records.convert(record, avroSchema);
                if (writer == null) {
                    writer = open(file, avroSchema);
                }
                writer.write(converted);
            }

            private ParquetWriter<GenericRecord> open(OutputFile file, Schema avroSchema) throws IOException {
                try {
                    return AvroParquetWriter.<GenericRecord>builder(file)
                            .withSchema(avroSchema)
                            .withDataModel(GenericData.get())
                            .withConf(new PlainParquetConfiguration())
                            .withCompressionCodec(codec)
                            .withRowGroupSize((long) options.parquetRowGroupBytes())
                            .withPageSize(options.parquetPageBytes())
                            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                            .build();
                } catch (InvalidSchemaException e) {
                    // Parquet cannot store a struct without fields (an empty group), which Avro and Connect allow.
                    throw new DataException("the record's schema cannot be written as Parquet: " + e.getMessage(), e);
                }
            }

            @Override
            public long bufferedBytes() {
                return writer == null || closed ? 0 : Math.max(0, writer.getDataSize() - file.position());
            }

            @Override
            public void close() throws IOException {
                closed = true;
                if (writer != null) {
                    writer.close();
                } else {
                    out.close();
                }
            }
        };
    }

    /** An OutputFile over the upload stream that knows how many bytes it has passed on. */
    private static final class CountingOutputFile implements OutputFile {
        private final OutputStream out;
        private long position;

        CountingOutputFile(OutputStream out) {
            this.out = out;
        }

        long position() {
            return position;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return stream();
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return stream();
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        private PositionOutputStream stream() {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }
    }
}
