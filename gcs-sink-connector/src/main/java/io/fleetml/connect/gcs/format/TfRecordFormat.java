package io.fleetml.connect.gcs.format;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.fleetml.connect.common.format.TfRecordCrc;
import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * TFRecord files of {@code tf.train.Example} protos, readable by TensorFlow's TFRecordDataset: each record is framed by
 * its length and masked CRC32Cs of length and data. Fields are flattened to dotted feature names and written with
 * TensorFlow's own protos in deterministic (key-sorted) order, so the bytes are reproducible; numbers become float_list
 * (FLOAT32/64) or int64_list, text bytes_list, nulls are left out.
 */
final class TfRecordFormat implements RecordFormat {
    @Override
    public String extension() {
        return Extension.TFRECORD.text();
    }

    @Override
    public RecordWriter newWriter(OutputStream out, Schema schema) {
        return RecordWriter.streaming(out, (record, stream) -> stream.write(frame(example(Flattener.flatten(record.value())))));
    }

    static byte[] frame(byte[] data) {
        ByteBuffer frame = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        frame.putLong(data.length);
        frame.putInt(TfRecordCrc.masked(frame.array(), 0, 8));
        frame.put(data);
        frame.putInt(TfRecordCrc.masked(data, 0, data.length));
        return frame.array();
    }

    /** The Example's bytes with its features in key order, so the same record always gives the same bytes. */
    static byte[] example(Map<String, Object> flat) throws IOException {
        Features.Builder features = Features.newBuilder();
        for (Map.Entry<String, Object> entry : flat.entrySet()) {
            Feature feature = feature(entry.getKey(), entry.getValue());
            if (feature != null) {
                features.putFeature(entry.getKey(), feature);
            }
        }
        Example example = Example.newBuilder().setFeatures(features).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(example.getSerializedSize());
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        example.writeTo(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** A float_list for FLOAT32/64, an int64_list for other numbers, booleans and dates, a bytes_list otherwise. */
    private static Feature feature(String name, Object value) {
        List<?> values = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
        Object first = values.stream().filter(v -> v != null).findFirst().orElse(null);
        if (first == null) {
            return null;
        }
        if (first instanceof Float || first instanceof Double) {
            FloatList.Builder floats = FloatList.newBuilder();
            values.forEach(v -> floats.addValue(number(name, v).floatValue()));
            return Feature.newBuilder().setFloatList(floats).build();
        }
        if (first instanceof Number || first instanceof Boolean || first instanceof java.util.Date) {
            Int64List.Builder longs = Int64List.newBuilder();
            values.forEach(v -> longs.addValue(integral(name, v)));
            return Feature.newBuilder().setInt64List(longs).build();
        }
        BytesList.Builder bytes = BytesList.newBuilder();
        values.forEach(v -> bytes.addValue(ByteString.copyFrom(v instanceof byte[] raw ? raw
                : String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
        return Feature.newBuilder().setBytesList(bytes).build();
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
