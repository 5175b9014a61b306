package io.fleetml.connect.fraud;

import ch.qos.logback.classic.Level;
import io.fleetml.connect.fraud.engine.TestModels;
import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.model.features.Features;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FraudScoreTest {
    private static final Features PAYMENT_FEATURES = PaymentModels.DEFAULT_FEATURES;
    private static final FleetRecords RECORDS = new FleetRecords(3);

    @TempDir
    static Path models;
    private static Path paymentModel;
    private static Path slicedModel;

    private final FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>();
    private final FraudScore.Value<SourceRecord> reference = new FraudScore.Value<>();

    /** A payments autoencoder whose normalization comes from simulated payments, and one with a graph Java cannot run. */
    @BeforeAll
    static void exportModels() {
        paymentModel = PaymentModels.export(3, PAYMENT_FEATURES, TestModels.VERSION, models.resolve("payments"));
        slicedModel = TestModels.autoencoder(4, 4, 2, Activation.RELU).tail(TestModels.Tail.CONCAT)
                .export(models.resolve("sliced"));
    }

    @AfterEach
    void closeTransforms() {
        transform.close();
        reference.close();
    }

    @Test
    void scoresSimulatedPaymentMapsLikeTensorFlowAndLeavesTheInputUntouched() {
        transform.configure(Map.of("model.path", paymentModel.toString()));
        reference.configure(Map.of("model.path", paymentModel.toString(), "engine", "tensorflow"));
        for (int i = 0; i < 200; i++) {
            Map<String, Object> value = RECORDS.paymentMap(i);
            Map<String, Object> before = new LinkedHashMap<>(value);
            SourceRecord scored = transform.apply(record(null, value));

            assertEquals(before, value, "the input map is not mutated");
            Map<?, ?> out = (Map<?, ?>) scored.value();
            assertEquals(value.size() + 3, out.size());
            value.forEach((k, v) -> assertEquals(v, out.get(k)));
            double score = (Double) out.get("fraud_score");
            double expected = (Double) ((Map<?, ?>) reference.apply(record(null, RECORDS.paymentMap(i))).value()).get("fraud_score");
            assertEquals(expected, score, 1e-5 * expected);
            assertEquals(score > TestModels.THRESHOLD, out.get("fraud_flag"));
            assertEquals(TestModels.VERSION, out.get("fraud_model_version"));
        }
    }

    @Test
    void structPaymentsGetTheSchemaExtendedOnceAndTheScoresOfTheirMaps() {
        transform.configure(Map.of("model.path", paymentModel.toString()));
        Schema first = null;
        for (int i = 0; i < 50; i++) {
            SourceRecord scored = transform.apply(record(FleetRecords.PAYMENT_SCHEMA, RECORDS.paymentStruct(i)));
            Struct out = (Struct) scored.value();
            if (first == null) {
                first = scored.valueSchema();
            }
            assertSame(first, scored.valueSchema(), "one extended schema per input schema");
            assertEquals(RECORDS.paymentStruct(i).get("payment_id"), out.get("payment_id"));
            assertEquals(RECORDS.paymentStruct(i).get("vehicle"), out.get("vehicle"));
            Map<?, ?> fromMap = (Map<?, ?>) transform.apply(record(null, RECORDS.paymentMap(i))).value();
            assertEquals(fromMap.get("fraud_score"), out.get("fraud_score"));
            assertEquals(fromMap.get("fraud_flag"), out.get("fraud_flag"));
            assertEquals(TestModels.VERSION, out.get("fraud_model_version"));
        }
        assertEquals(FleetRecords.PAYMENT_SCHEMA.name(), first.name());
        assertEquals(FleetRecords.PAYMENT_SCHEMA.fields().size() + 3, first.fields().size());
        assertEquals(Schema.OPTIONAL_FLOAT64_SCHEMA, first.field("fraud_score").schema());
        assertEquals(Schema.OPTIONAL_BOOLEAN_SCHEMA, first.field("fraud_flag").schema());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, first.field("fraud_model_version").schema());
    }

    @Test
    void outputFieldNamesAndThresholdAreConfigurable() {
        transform.configure(Map.of("model.path", paymentModel.toString(), "threshold", "0",
                "score.field", "s", "flag.field", "f", "model.version.field", "v"));
        Map<?, ?> out = (Map<?, ?>) transform.apply(record(null, RECORDS.paymentMap(0))).value();
        assertTrue((Double) out.get("s") > 0);
        assertEquals(true, out.get("f"));
        assertEquals(TestModels.VERSION, out.get("v"));
        assertFalse(out.containsKey("fraud_score"));
    }

    @Test
    void withOnMissingFeatureFailAMissingFeatureFailsNamingTheFieldAndTheRecordsTopicPartitionAndOffset() {
        Map<String, Object> value = RECORDS.paymentMap(0);
        value.remove("amount");
        FraudScore.Value<SinkRecord> sinkTransform = new FraudScore.Value<>();
        sinkTransform.configure(Map.of("model.path", paymentModel.toString(), "on.missing.feature", "fail"));
        try {
            DataException e = assertThrows(DataException.class, () -> sinkTransform.apply(
                    new SinkRecord("payments", 3, null, null, null, value, 42)));
            assertEquals("FraudScore cannot score the record from topic 'payments' partition 3 offset 42: feature "
                    + "'amount': field 'amount' is missing; set on.missing.feature to skip or zero to pass such records on",
                    e.getMessage());
        } finally {
            sinkTransform.close();
        }
    }

    @Test
    void nanAndInfinityFailLikeMissingFields() {
        transform.configure(Map.of("model.path", paymentModel.toString(), "on.missing.feature", "fail"));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            Map<String, Object> value = RECORDS.paymentMap(0);
            value.put("amount", bad);
            DataException e = assertThrows(DataException.class, () -> transform.apply(record(null, value)));
            assertTrue(e.getMessage().contains("field 'amount' is " + (Double.isNaN(bad) ? "NaN" : "infinite")), e.getMessage());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aHugeFiniteFeatureIsFlaggedWithAFiniteScoreOnBothEngines() {
        transform.configure(Map.of("model.path", paymentModel.toString(), "engine", "java"));
        reference.configure(Map.of("model.path", paymentModel.toString(), "engine", "tensorflow"));
        for (double huge : new double[] {1e300, -1e300, Double.MAX_VALUE}) {
            Map<String, Object> value = RECORDS.paymentMap(0);
            ((Map<String, Object>) value.get("vehicle")).put("speed", huge);
            for (FraudScore.Value<SourceRecord> engine : List.of(transform, reference)) {
                Map<?, ?> out = (Map<?, ?>) engine.apply(record(null, value)).value();
                double score = (Double) out.get("fraud_score");
                assertTrue(Double.isFinite(score), "speed " + huge + " scored " + score);
                assertEquals(true, out.get("fraud_flag"), "speed " + huge);
            }
        }
    }

    @Test
    void skipPassesTheRecordOnUnscoredWithAHeaderThatDoesNotRevealTheValue() {
        transform.configure(Map.of("model.path", paymentModel.toString(), "on.missing.feature", "skip"));
        Map<String, Object> value = RECORDS.paymentMap(0);
        value.put("amount", "4111 1111 1111 1111");
        SourceRecord skipped = transform.apply(record(null, value));
        assertSame(value, skipped.value());
        Header header = skipped.headers().lastWithName(FraudScore.SKIPPED_HEADER);
        assertEquals("feature 'amount': field 'amount' is not a number (found a String)", header.value());

        Schema schema = SchemaBuilder.struct().name("fleetml.PartialPayment")
                .field("payment_id", Schema.STRING_SCHEMA).field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
        Struct struct = new Struct(schema).put("payment_id", "p-1");
        SourceRecord skippedStruct = transform.apply(record(schema, struct));
        Struct out = (Struct) skippedStruct.value();
        assertEquals("p-1", out.get("payment_id"));
        assertNull(out.get("fraud_score"));
        assertNull(out.get("fraud_flag"));
        assertNull(out.get("fraud_model_version"));
        assertEquals(schema.fields().size() + 3, skippedStruct.valueSchema().fields().size(),
                "skipped and scored Structs share one schema");
        assertEquals("feature 'amount': field 'amount' is null",
                skippedStruct.headers().lastWithName(FraudScore.SKIPPED_HEADER).value());
    }

    @Test
    @SuppressWarnings("unchecked")
    void zeroScoresWithTheMissingFeatureAtItsTrainingMean() throws Exception {
        transform.configure(Map.of("model.path", paymentModel.toString(), "on.missing.feature", "zero"));
        int speed = PAYMENT_FEATURES.offset(PAYMENT_FEATURES.names().indexOf("vehicle.speed"));
        double trainingMean = ModelMetadata.read(paymentModel.resolve(ModelMetadata.FILE_NAME)).mean()[speed];
        Map<String, Object> atMean = RECORDS.paymentMap(5);
        ((Map<String, Object>) atMean.get("vehicle")).put("speed", trainingMean);
        Map<String, Object> missingSpeed = RECORDS.paymentMap(5);
        ((Map<?, ?>) missingSpeed.get("vehicle")).remove("speed");

        Map<?, ?> zeroed = (Map<?, ?>) transform.apply(record(null, missingSpeed)).value();
        Map<?, ?> expected = (Map<?, ?>) transform.apply(record(null, atMean)).value();
        assertEquals(expected.get("fraud_score"), zeroed.get("fraud_score"));
        assertEquals(expected.get("fraud_flag"), zeroed.get("fraud_flag"));
    }

    @Test
    @SuppressWarnings("rawtypes")
    void connectFindsTheTransformThroughItsServiceEntry() {
        assertTrue(ServiceLoader.load(Transformation.class).stream().anyMatch(p -> p.type() == FraudScore.Value.class));
    }

    @Test
    void autoFallsBackToTensorFlowForAGraphJavaCannotRunAndWarnsWhy() {
        String warning;
        try (CapturedLog log = CapturedLog.of(ModelLoader.class)) {
            transform.configure(Map.of("model.path", slicedModel.toString()));
            warning = log.messages(Level.WARN).get(0);
        }
        assertTrue(warning.contains("runs in TensorFlow"), warning);
        assertTrue(warning.endsWith("found Slice op 'Slice'"), warning);

        Map<String, Object> value = Map.of("f0", 1.0, "f1", -1.0, "f2", 0.5, "f3", 2.0);
        Map<?, ?> out = (Map<?, ?>) transform.apply(record(null, value)).value();
        assertTrue(Double.isFinite((Double) out.get("fraud_score")));
    }

    @Test
    void engineJavaFailsAtConfigureForAGraphJavaCannotRun() {
        ConfigException e = assertThrows(ConfigException.class, () -> transform.configure(
                Map.of("model.path", slicedModel.toString(), "engine", "java")));
        assertTrue(e.getMessage().startsWith("Invalid value java for configuration engine: the serving graph of "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("found Slice op 'Slice'"), e.getMessage());
    }

    @Test
    void aWrongNumberOfFeaturesFailsAtConfigure() {
        ConfigException e = assertThrows(ConfigException.class, () -> transform.configure(
                Map.of("model.path", paymentModel.toString(), "features", "amount, distance_km(a,b,c,d)")));
        assertTrue(e.getMessage().startsWith("Invalid value amount, distance_km(a,b,c,d) for configuration features: "
                + "the features give 2 numbers, the model in "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" takes 14"), e.getMessage());
    }

    @Test
    void aModelPathThatIsNotASavedModelFailsAtConfigureNamingTheSetting() throws Exception {
        Path missing = models.resolve("nowhere");
        ConfigException absent = assertThrows(ConfigException.class, () -> transform.configure(Map.of("model.path", missing.toString())));
        assertEquals("Invalid value " + missing + " for configuration model.path: does not exist", absent.getMessage());

        Path empty = Files.createDirectories(models.resolve("empty"));
        ConfigException notSaved = assertThrows(ConfigException.class, () -> transform.configure(Map.of("model.path", empty.toString())));
        assertEquals("Invalid value " + empty + " for configuration model.path: is not a SavedModel: it has no saved_model.pb",
                notSaved.getMessage());

        Path corrupt = Files.createDirectories(models.resolve("corrupt"));
        Files.writeString(corrupt.resolve("saved_model.pb"), "not a protobuf");
        Files.copy(paymentModel.resolve("fleetml-model.json"), corrupt.resolve("fleetml-model.json"));
        ConfigException unreadable = assertThrows(ConfigException.class, () -> transform.configure(Map.of("model.path", corrupt.toString())));
        assertTrue(unreadable.getMessage().startsWith("Invalid value " + corrupt + " for configuration model.path: "
                + "saved_model.pb is not a SavedModel: "), unreadable.getMessage());
    }

    @Test
    void anUnknownSignatureFailsAtConfigureListingTheModelsSignatures() {
        ConfigException e = assertThrows(ConfigException.class, () -> transform.configure(
                Map.of("model.path", paymentModel.toString(), "model.signature", "score")));
        assertEquals("Invalid value score for configuration model.signature: the SavedModel has no such signature; it "
                + "has [serving_default]", e.getMessage());
    }

    @Test
    void aRecordThatCannotBeScoredAtAllPassesUnchangedWithTheReason() {
        transform.configure(Map.of("model.path", paymentModel.toString(), "score.field", "amount"));
        Map<String, Object> payment = RECORDS.paymentMap(0);
        SourceRecord taken = transform.apply(record(null, payment));
        assertSame(payment, taken.value());
        assertEquals("the value already has a field 'amount'; set score.field, flag.field, model.version.field to names the "
                + "value does not use", taken.headers().lastWithName(FraudScore.SKIPPED_HEADER).value());
        for (int i = 0; i < 2; i++) {
            Struct struct = RECORDS.paymentStruct(i);
            SourceRecord takenStruct = transform.apply(record(struct.schema(), struct));
            assertSame(struct, takenStruct.value(), "a Struct with the field passes unchanged, record after record");
            assertTrue(takenStruct.headers().lastWithName(FraudScore.SKIPPED_HEADER).value().toString()
                    .startsWith("the value already has a field 'amount'"));
        }

        transform.configure(Map.of("model.path", paymentModel.toString()));
        for (Object notAnObject : new Object[] {42L, List.of(1L), "x", true}) {
            SourceRecord passed = transform.apply(record(null, notAnObject));
            assertSame(notAnObject, passed.value());
            assertEquals("the value is a " + notAnObject.getClass().getSimpleName() + ", not a JSON object or Struct",
                    passed.headers().lastWithName(FraudScore.SKIPPED_HEADER).value());
        }
        SourceRecord typed = transform.apply(record(Schema.INT64_SCHEMA, 42L));
        assertEquals("the value is of type INT64, not a JSON object or Struct",
                typed.headers().lastWithName(FraudScore.SKIPPED_HEADER).value());
    }

    @Test
    void withOnInvalidRecordFailTheRecordFailsNamingWhereItCameFrom() {
        transform.configure(Map.of("model.path", paymentModel.toString(), "on.invalid.record", "fail"));
        DataException e = assertThrows(DataException.class, () -> transform.apply(record(null, 42L)));
        assertEquals("FraudScore cannot score the record from topic 'payments' partition 0: the value is a Long, not a JSON "
                + "object or Struct; set on.invalid.record=pass to pass such records on", e.getMessage());
    }

    @Test
    void tombstonesPassThrough() {
        transform.configure(Map.of("model.path", paymentModel.toString()));
        SourceRecord tombstone = record(null, null);
        assertSame(tombstone, transform.apply(tombstone));
    }

    @Test
    void reconfiguringReplacesTheModel() {
        transform.configure(Map.of("model.path", slicedModel.toString(), "engine", "tensorflow"));
        transform.configure(Map.of("model.path", paymentModel.toString()));
        Map<?, ?> out = (Map<?, ?>) transform.apply(record(null, RECORDS.paymentMap(0))).value();
        assertTrue(out.get("fraud_score") instanceof Double);
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "payments", 0, schema, value);
    }
}
