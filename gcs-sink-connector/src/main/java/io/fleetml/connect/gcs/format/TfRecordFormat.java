package io.fleetml.connect.gcs.format;

import com.google.protobuf.CodedOutputStream;
import io.fleetml.connect.common.format.TfRecordCrc;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TFRecord files of {@code tf.train.Example} protos, readable by TensorFlow's TFRecordDataset: each record is framed by
 * its length and masked CRC32Cs of length and data. Fields are flattened to dotted feature names, sorted, so the
 * bytes are reproducible; numbers become float_list (FLOAT32/64) or int64_list, text bytes_list, nulls are left out.
 */
final class TfRecordFormat implements RecordFormat {
    @Override
    public String extension() {
        return "tfrecord";
    }

    @Override
    public RecordWriter newWriter(OutputStream out, Schema schema) {
        return new RecordWriter() {
            @Override
            public void write(SinkRecord record) throws IOException {
                out.write(frame(example(Flattener.flatten(record.value()))));
            }

            @Override
            public long bufferedBytes() {
                return 0;
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    static byte[] frame(byte[] data) {
        ByteBuffer frame = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        frame.putLong(data.length);
        frame.putInt(TfRecordCrc.masked(frame.array(), 0, 8));
        frame.put(data);
        frame.putInt(TfRecordCrc.masked(data, 0, data.length));
        return frame.array();
    }

    /** Example{features=1: Features{feature=1: map entries {key=1, value=2: Feature}}}. */
    static byte[] example(Map<String, Object> flat) throws IOException {
        ByteArrayOutputStream features = new ByteArrayOutputStream();
        CodedOutputStream featuresOut = CodedOutputStream.newInstance(features);
        for (Map.Entry<String, Object> entry : new TreeMap<>(flat).entrySet()) {
            byte[] feature = feature(entry.getKey(), entry.getValue());
            if (feature == null) {
                continue;
            }
            ByteArrayOutputStream mapEntry = new ByteArrayOutputStream();
            CodedOutputStream entryOut = CodedOutputStream.newInstance(mapEntry);
            entryOut.writeString(1, entry.getKey());
            entryOut.writeByteArray(2, feature);
            entryOut.flush();
            featuresOut.writeByteArray(1, mapEntry.toByteArray());
        }
        featuresOut.flush();
        ByteArrayOutputStream example = new ByteArrayOutputStream();
        CodedOutputStream exampleOut = CodedOutputStream.newInstance(example);
        exampleOut.writeByteArray(1, features.toByteArray());
        exampleOut.flush();
        return example.toByteArray();
    }

    /** Feature{bytes_list=1 | float_list=2 | int64_list=3}, each a list with field 1 (packed for numbers). */
    private static byte[] feature(String name, Object value) throws IOException {
        if (value == null) {
            return null;
        }
        List<?> values = value instanceof List<?> list ? list : List.of(value);
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        CodedOutputStream listOut = CodedOutputStream.newInstance(list);
        int kind;
        Object first = values.stream().filter(v -> v != null).findFirst().orElse(null);
        if (first == null) {
            return null;
        }
        if (first instanceof Float || first instanceof Double) {
            kind = 2;
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            CodedOutputStream packedOut = CodedOutputStream.newInstance(packed);
            for (Object v : values) {
                packedOut.writeFloatNoTag(number(name, v).floatValue());
            }
            packedOut.flush();
            listOut.writeByteArray(1, packed.toByteArray());
        } else if (first instanceof Number || first instanceof Boolean || first instanceof java.util.Date) {
            kind = 3;
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            CodedOutputStream packedOut = CodedOutputStream.newInstance(packed);
            for (Object v : values) {
                packedOut.writeInt64NoTag(integral(name, v));
            }
            packedOut.flush();
            listOut.writeByteArray(1, packed.toByteArray());
        } else {
            kind = 1;
            for (Object v : values) {
                listOut.writeByteArray(1, v instanceof byte[] bytes ? bytes : String.valueOf(v).getBytes(StandardCharsets.UTF_8));
            }
        }
        listOut.flush();
        ByteArrayOutputStream feature = new ByteArrayOutputStream();
        CodedOutputStream featureOut = CodedOutputStream.newInstance(feature);
        featureOut.writeByteArray(kind, list.toByteArray());
        featureOut.flush();
        return feature.toByteArray();
    }

    private static Number number(String name, Object value) {
        if (value instanceof Number number) {
            return number;
        }
        throw new DataException("feature '" + name + "' mixes numbers with " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static long integral(String name, Object value) {
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof java.util.Date date) {
            return date.getTime();
        }
        return number(name, value).longValue();
    }
}
