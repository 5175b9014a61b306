package io.fleetml.bench;

import io.fleetml.connect.common.Directories;
import io.fleetml.connect.fraud.FraudScore;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.model.repository.ModelRepository;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * FraudScore$Value on a Keras autoencoder exported by Python TensorFlow 2.10 (Dense 16-8-4-4-8-16, relu and a sigmoid
 * output; its serving signature calls into the function library), read in place from the shared models beside the
 * repository, with a {@code fleetml-model.json} written for it as the README shows: the Java engine against TensorFlow
 * per record, on schemaless records of 16 doubles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KerasFraudScoreBenchmark {
    /** Where the shared models are, relative to the repository root the benchmarks run from. */
    static final Path MODEL = Path.of(System.getProperty("fleetml.shared.models", "../shared/models"),
            "keras-tf2.10-dense-autoencoder");
    private static final int WIDTH = 16;
    private static final int RECORDS = 1024;

    private Path modelDir;
    private SourceRecord[] records;
    private int next;
    private Transformation<SourceRecord> javaEngine;
    private Transformation<SourceRecord> tensorflowEngine;

    /** Whether the shared Keras model is there to measure. */
    static boolean available() {
        return Files.isRegularFile(MODEL.resolve(ModelRepository.SAVED_MODEL_FILE));
    }

    @Setup
    public void setUp() throws IOException {
        modelDir = Files.createTempDirectory("keras-fraud-score-bench");
        Path shared = MODEL.toAbsolutePath();
        Files.createSymbolicLink(modelDir.resolve(ModelRepository.SAVED_MODEL_FILE),
                shared.resolve(ModelRepository.SAVED_MODEL_FILE));
        Files.createSymbolicLink(modelDir.resolve("variables"), shared.resolve("variables"));
        List<String> features = new ArrayList<>();
        for (int i = 0; i < WIDTH; i++) {
            features.add("s" + i);
        }
        double[] std = new double[WIDTH];
        Arrays.fill(std, 1.0);
        new ModelMetadata("keras-bench", features, new double[WIDTH], std, 1.0, null, null)
                .write(modelDir.resolve(ModelMetadata.FILE_NAME));
        SplittableRandom random = new SplittableRandom(16);
        records = new SourceRecord[RECORDS];
        for (int r = 0; r < RECORDS; r++) {
            Map<String, Object> value = new HashMap<>();
            for (int i = 0; i < WIDTH; i++) {
                value.put("s" + i, random.nextDouble());
            }
            records[r] = new SourceRecord(null, null, "vibration", 0, null, null, null, value);
        }
        javaEngine = fraudScore("java");
        tensorflowEngine = fraudScore("tensorflow");
    }

    private Transformation<SourceRecord> fraudScore(String engine) {
        Transformation<SourceRecord> smt = new FraudScore.Value<>();
        smt.configure(Map.of("model.path", modelDir.toString(), "engine", engine));
        return smt;
    }

    @TearDown
    public void tearDown() {
        javaEngine.close();
        tensorflowEngine.close();
        Directories.deleteTree(modelDir);
    }

    private SourceRecord nextRecord() {
        next = next + 1 == RECORDS ? 0 : next + 1;
        return records[next];
    }

    @Benchmark
    public SourceRecord kerasJavaEngine() {
        return javaEngine.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord kerasTensorflowPerRecord() {
        return tensorflowEngine.apply(nextRecord());
    }
}
