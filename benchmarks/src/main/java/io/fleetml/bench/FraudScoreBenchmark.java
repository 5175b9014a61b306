package io.fleetml.bench;

import io.fleetml.connect.common.Directories;
import io.fleetml.connect.fraud.FraudScore;
import io.fleetml.connect.fraud.engine.DenseChainReader;
import io.fleetml.connect.fraud.engine.UnsupportedGraphException;
import io.fleetml.connect.fraud.model.DenseNetwork;
import io.fleetml.model.graph.SavedModelGraphs;
import io.fleetml.model.repository.ModelRepository;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * FraudScore$Value on a schemaless record of 30 double fields, scored by a 30-16-8-16-30 autoencoder (the trainer's
 * default shape) with the Java engine and with TensorFlow per record, beside the reference limit of TensorFlow itself:
 * one {@code Session.run} on a {@code [512, 30]} batch of the same normalized features through the same SavedModel's
 * serving signature, reported per record.
 *
 * <p>The batch reference covers only what TensorFlow does (tensor in, reconstruction out, per-row error): no feature
 * extraction and no record handling, which the two SMT variants pay on top. Like the SMT's TensorFlow engine, it runs on
 * one intra-op and one inter-op thread, so all three compare what one core does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FraudScoreBenchmark {
    static final int FEATURES = 30;
    static final int BATCH = 512;
    /** Two batches' worth, so the batch reference scores exactly the records the SMT variants cycle through. */
    static final int RECORDS = 2 * BATCH;
    private static final long SEED = 6;
    /** Same as the SMT's TensorFlow engine: one record per call leaves nothing to spread over threads. */
    private static final ConfigProto SINGLE_THREADED = ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();

    private Path modelDir;
    private SourceRecord[] records;
    private int next;
    private Transformation<SourceRecord> javaEngine;
    private Transformation<SourceRecord> tensorflowEngine;
    private SavedModelBundle bundle;
    private Session session;
    private String inputTensor;
    private String outputTensor;
    /** The Java engine's network alone, read from the same SavedModel as the SMT reads it. */
    private DenseNetwork.Evaluator network;
    /** The normalized features of the records, row-major, one array per batch of {@value #BATCH}. */
    private float[][] batches;
    private int nextBatch;
    private final float[] features = new float[FEATURES];

    @Setup
    public void setUp() throws IOException {
        modelDir = AutoencoderSavedModel.export(Files.createTempDirectory("fraud-score-bench"), FEATURES, SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        records = new SourceRecord[RECORDS];
        batches = new float[RECORDS / BATCH][BATCH * FEATURES];
        for (int r = 0; r < RECORDS; r++) {
            Map<String, Object> value = new LinkedHashMap<>();
            for (int f = 0; f < FEATURES; f++) {
                double x = gaussian(random);
                value.put("f" + f, x);
                // The model's metadata says mean 0, std 1, so the normalized feature is the value as a float.
                batches[r / BATCH][(r % BATCH) * FEATURES + f] = (float) x;
            }
            records[r] = new SourceRecord(null, null, "payments", 0, null, null, null, value);
        }
        javaEngine = fraudScore("java");
        tensorflowEngine = fraudScore("tensorflow");
        bundle = SavedModelBundle.loader(modelDir.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
                .withConfigProto(SINGLE_THREADED).load();
        session = bundle.session();
        Signature signature = bundle.function(AutoencoderSavedModel.SIGNATURE).signature();
        inputTensor = signature.getInputs().values().iterator().next().name;
        outputTensor = signature.getOutputs().values().iterator().next().name;
        try {
            SavedModelGraphs.MetaGraph graph = SavedModelGraphs.parse(
                    Files.readAllBytes(modelDir.resolve(ModelRepository.SAVED_MODEL_FILE))).get(0);
            network = DenseChainReader.read(modelDir, graph, AutoencoderSavedModel.SIGNATURE).evaluator();
        } catch (UnsupportedGraphException e) {
            throw new IllegalStateException("the benchmark's own model must be a dense chain", e);
        }
    }

    private Transformation<SourceRecord> fraudScore(String engine) {
        Map<String, String> props = new HashMap<>();
        props.put("model.path", modelDir.toString());
        props.put("engine", engine);
        Transformation<SourceRecord> smt = new FraudScore.Value<>();
        smt.configure(props);
        return smt;
    }

    /** Standard normal by Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @TearDown
    public void tearDown() {
        javaEngine.close();
        tensorflowEngine.close();
        bundle.close();
        Directories.deleteTree(modelDir);
    }

    private SourceRecord nextRecord() {
        return records[nextRecordIndex()];
    }

    private int nextRecordIndex() {
        next = next + 1 == RECORDS ? 0 : next + 1;
        return next;
    }

    @Benchmark
    public SourceRecord javaEngine() {
        return javaEngine.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord tensorflowPerRecord() {
        return tensorflowEngine.apply(nextRecord());
    }

    /**
     * What an SMT pays that adds fields to a schemaless record by copying it: the value copied into a new map with three
     * more entries, and a new record. FraudScore appends its fields to a read-only view instead, so it can be faster.
     */
    @Benchmark
    public SourceRecord recordCopyOnly() {
        SourceRecord record = nextRecord();
        @SuppressWarnings("unchecked")
        Map<String, Object> updated = new LinkedHashMap<>((Map<String, Object>) record.value());
        updated.put("fraud_score", 0.5);
        updated.put("fraud_flag", Boolean.FALSE);
        updated.put("fraud_model_version", "1");
        return record.newRecord(record.topic(), record.kafkaPartition(), null, null, null, updated, record.timestamp(),
                record.headers());
    }

    /**
     * The Java engine's network and score on the already normalized features, one record per call: the same work as
     * the batch reference below, without feature extraction and record copy.
     */
    @Benchmark
    public double javaNetworkOnly() {
        int r = nextRecordIndex();
        System.arraycopy(batches[r / BATCH], (r % BATCH) * FEATURES, features, 0, FEATURES);
        return network.reconstructionError(features);
    }

    /** One Session.run on 512 records and each record's mean squared reconstruction error, as the SMT computes it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double[] tensorflowBatch512() {
        float[] input = batches[nextBatch];
        nextBatch = nextBatch + 1 == batches.length ? 0 : nextBatch + 1;
        double[] errors = new double[BATCH];
        try (TFloat32 tensor = TFloat32.tensorOf(Shape.of(BATCH, FEATURES), DataBuffers.of(input, true, false));
             Result result = session.runner().feed(inputTensor, tensor).fetch(outputTensor).run()) {
            float[] output = new float[BATCH * FEATURES];
            ((TFloat32) result.get(0)).copyTo(DataBuffers.of(output, false, false));
            for (int r = 0; r < BATCH; r++) {
                double sum = 0;
                for (int f = r * FEATURES; f < (r + 1) * FEATURES; f++) {
                    double d = output[f] - input[f];
                    sum += d * d;
                }
                errors[r] = sum / FEATURES;
            }
        }
        return errors;
    }
}
