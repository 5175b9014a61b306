package io.fleetml.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.connect.fraud.FraudScore;
import io.fleetml.connect.gcs.format.FormatOptions;
import io.fleetml.connect.gcs.format.RecordFormat;
import io.fleetml.connect.gcs.format.RecordFormats;
import io.fleetml.connect.gcs.format.RecordWriter;
import io.fleetml.connect.pii.PiiMask;
import io.fleetml.demo.DemoFraudModel;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's fraud model without the demo's servers: the simulator's normal payments of phase 1, masked by PiiMask as
 * the demo's connector file configures it and written as Parquet by the GCS sink's format with the demo's sink file's
 * schema, train a model with the demo's trainer options; the payments after them, with fraud injected as in phase 3,
 * are masked the same way and flagged by FraudScore. Precision and recall of the flag are measured against the
 * simulator's ground truth, for several fleets (seeds) at the sizes of {@code ./demo.sh}'s defaults and of
 * {@code FleetDemoIT}, whose bars (0.8 and 0.8) these must clear with room to spare.
 */
class DemoFraudModelTest {
    private static final Path DEMO_CONNECTORS = Path.of("..", "config-examples", "local");
    private static final Path PAYMENTS_SOURCE = DEMO_CONNECTORS.resolve("pubsub-source-payments.json");
    private static final Path PAYMENTS_SINK = DEMO_CONNECTORS.resolve("gcs-sink-payments.json");
    private static final String TOPIC = "payments.scored";
    private static final String MASK_PREFIX = "transforms.pii.";
    /** Keys of the mask's entry in the connector file that configure the chain, not the transform. */
    private static final List<String> CHAIN_KEYS = List.of("type", "predicate", "negate");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * {@code ./demo.sh}'s defaults train on about 1,400 phase-1 payments of 200 vehicles and score 2 % fraud;
     * {@code FleetDemoIT} trains on about 600 of 30 vehicles and scores 10 % fraud.
     */
    @ParameterizedTest(name = "seed {0}: {1} vehicles, {2} training payments, {4} fraud")
    @CsvSource({
            "2026, 200, 1400, 4000, 0.02",
            "1, 200, 1400, 4000, 0.02",
            "2, 200, 1400, 4000, 0.02",
            "3, 200, 1400, 4000, 0.02",
            "4, 200, 1400, 4000, 0.02",
            "2026, 30, 600, 1500, 0.1",
            "1, 30, 600, 1500, 0.1"})
    void demoModelFlagsPhase3FraudWithPrecisionAbove90AndRecallAbove95Percent(long seed, int vehicles,
            int trainingPayments, int scoredPayments, double fraudRate) throws IOException {
        PaymentSimulator fleet = new PaymentSimulator(seed, vehicles);
        try (PiiMask<SourceRecord> mask = demoMask()) {
            Path input = dir.resolve("topics").resolve(TOPIC);
            writeParquet(input, mask, fleet.withFraudRate(0).payments(trainingPayments));
            Path models = train(input);

            List<SimulatedPayment> phase3 = fleet.withFraudRate(fraudRate).payments(trainingPayments + scoredPayments)
                    .subList(trainingPayments, trainingPayments + scoredPayments);
            Outcomes outcomes = flag(models, mask, phase3);
            System.out.printf("seed %d, %d vehicles: precision %.3f recall %.3f (%d of %d normal payments flagged;"
                            + " caught per kind %s)%n", seed, vehicles, outcomes.precision(), outcomes.recall(),
                    outcomes.falseAlarms, outcomes.normal, outcomes.caughtByKind());
            assertTrue(outcomes.fraud() >= 25, "too little fraud to measure: " + outcomes.fraud());
            assertTrue(outcomes.precision() >= 0.9, "precision " + outcomes.precision());
            assertTrue(outcomes.recall() >= 0.95, "recall " + outcomes.recall());
        }
    }

    /** PiiMask with the demo's settings of the payments' connector file, the key file replaced by a fixed key. */
    private static PiiMask<SourceRecord> demoMask() throws IOException {
        Map<String, String> connector = config(PAYMENTS_SOURCE);
        Map<String, String> settings = new HashMap<>();
        connector.forEach((key, value) -> {
            if (key.startsWith(MASK_PREFIX) && !CHAIN_KEYS.contains(key.substring(MASK_PREFIX.length()))) {
                settings.put(key.substring(MASK_PREFIX.length()), value);
            }
        });
        assertTrue(settings.containsKey("geo.fields"), "the connector file coarsens positions: " + settings.keySet());
        settings.put("hash.key", "0123456789abcdef0123456789abcdef");
        PiiMask<SourceRecord> mask = new PiiMask.Value<>();
        mask.configure(settings);
        return mask;
    }

    private static Map<String, String> config(Path connectorFile) throws IOException {
        return JSON.readValue(connectorFile.toFile(), DemoConnector.class).config();
    }

    private record DemoConnector(String name, Map<String, String> config) {
    }

    @SuppressWarnings("unchecked")
    private static Object masked(PiiMask<SourceRecord> mask, SimulatedPayment payment) throws IOException {
        // Through JSON as on the wire: the mask then meets the same maps as behind the source's JsonConverter.
        Map<String, Object> value = JSON.readValue(JSON.writeValueAsBytes(payment.value()), Map.class);
        return mask.apply(new SourceRecord(null, null, TOPIC, 0, null, value)).value();
    }

    /** One Parquet file as the demo's payments sink writes it: schemaless records read against its declared schema. */
    private static void writeParquet(Path dir, PiiMask<SourceRecord> mask, List<SimulatedPayment> payments)
            throws IOException {
        Map<String, String> sink = config(PAYMENTS_SINK);
        assertEquals("parquet", sink.get("format"));
        RecordFormat format = RecordFormats.create("parquet", sink.get("format.compression"),
                new FormatOptions(sink.get("format.avro.schema"), 1024 * 1024, 64 * 1024, false));
        Files.createDirectories(dir);
        try (RecordWriter writer = format.newWriter(Files.newOutputStream(dir.resolve(TOPIC + "+0+0." + format.extension())),
                null)) {
            for (int offset = 0; offset < payments.size(); offset++) {
                writer.write(new SinkRecord(TOPIC, 0, null, null, null, masked(mask, payments.get(offset)), offset));
            }
        }
    }

    private Path train(Path input) {
        Path models = dir.resolve("models");
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--output", models.toString()));
        args.addAll(DemoFraudModel.TRAINER_OPTIONS);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TrainerMain.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        assertEquals(TrainerMain.OK, exit, err.toString(StandardCharsets.UTF_8));
        return models;
    }

    private static Outcomes flag(Path models, PiiMask<SourceRecord> mask, List<SimulatedPayment> payments)
            throws IOException {
        Outcomes outcomes = new Outcomes();
        try (FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>()) {
            transform.configure(Map.of("model.path", models.toString(), "model.refresh.interval.ms", "0"));
            for (SimulatedPayment payment : payments) {
                SourceRecord record = new SourceRecord(null, null, TOPIC, 0, null, masked(mask, payment));
                Object flag = ((Map<?, ?>) transform.apply(record).value()).get("fraud_flag");
                assertTrue(flag instanceof Boolean, payment.paymentId() + " was not scored");
                outcomes.add(payment, (Boolean) flag);
            }
        }
        return outcomes;
    }

    private static final class Outcomes {
        private final Map<String, int[]> byKind = new TreeMap<>();
        int normal;
        int falseAlarms;
        int caught;
        int missed;

        void add(SimulatedPayment payment, boolean flagged) {
            if (!payment.fraud()) {
                normal++;
                falseAlarms += flagged ? 1 : 0;
                return;
            }
            int[] counts = byKind.computeIfAbsent(payment.fraudKind(), kind -> new int[2]);
            counts[0] += flagged ? 1 : 0;
            counts[1]++;
            caught += flagged ? 1 : 0;
            missed += flagged ? 0 : 1;
        }

        Map<String, String> caughtByKind() {
            Map<String, String> caught = new TreeMap<>();
            byKind.forEach((kind, counts) -> caught.put(kind, counts[0] + "/" + counts[1]));
            return caught;
        }

        int fraud() {
            return caught + missed;
        }

        double precision() {
            return caught + falseAlarms == 0 ? 0 : caught / (double) (caught + falseAlarms);
        }

        double recall() {
            return caught / (double) fraud();
        }
    }
}
