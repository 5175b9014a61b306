package io.fleetml.trainer;

import io.fleetml.model.features.Features;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer reads each format the sink writes, written by the sink's own format classes, to the same features. */
class SinkFormatsTest {
    // Every default feature (nested paths, log1p, distance, hour of day, one-hot) plus the odometer and the timestamp.
    private static final Features FEATURES = Features.parse(Features.PAYMENT_DEFAULTS + ", vehicle.odometer_km, ts", "features");

    @Test
    void theSameRecordsInJsonLinesParquetAndTfRecordGiveIdenticalFeatureMatrices(@TempDir Path dir) throws Exception {
        // TFRecord has no doubles: the sink writes FLOAT64 fields as float32. Payments whose numbers are already float32
        // values are represented exactly by every format, so any difference left is the reader's.
        List<SimulatedPayment> payments = new ArrayList<>();
        for (SimulatedPayment payment : new PaymentSimulator(3, 20).withFraudRate(0.2).payments(300)) {
            payments.add(new SimulatedPayment(float32(payment.value()), payment.fraud(), payment.fraudKind()));
        }
        // Files are read hour by hour: in that order the expected vectors line up with what is read.
        payments.sort(Comparator.comparingLong(p -> (Long) p.value().get("ts") / 3_600_000L));
        List<double[]> expected = new ArrayList<>();
        for (SimulatedPayment payment : payments) {
            expected.add(FEATURES.extract(payment.value()));
        }
        byte[] expectedLabels = SavedModelScorer.labels(payments);

        for (SinkLayout.Format format : SinkLayout.Format.values()) {
            Path root = dir.resolve(format.name());
            SinkLayout.write(root, "payments", payments, format);
            List<SinkFile> files = LocalSinkFile.below(root);
            List<String> progress = new ArrayList<>();
            TrainingRecords records = new SinkFileReader(FEATURES, new FieldLabels(SinkLayout.LABEL, LabelValues.defaults()), "+").read(files, progress::add);

            assertEquals(Map.of(), records.skipped(), format.name());
            assertEquals(expected.size(), records.vectors().size(), format.name());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), records.vectors().get(i), format + " record " + i);
            }
            assertArrayEquals(expectedLabels, records.labels(), format.name());
            assertEquals(files.size(), progress.size(), format.name());
            assertTrue(progress.get(0).startsWith(files.get(0).location() + ": "), progress.get(0));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> float32(Map<String, Object> value) {
        Map<String, Object> rounded = new LinkedHashMap<>();
        value.forEach((k, v) -> rounded.put(k, v instanceof Double d ? (double) d.floatValue()
                : v instanceof Map<?, ?> m ? float32((Map<String, Object>) m) : v));
        return rounded;
    }
}
