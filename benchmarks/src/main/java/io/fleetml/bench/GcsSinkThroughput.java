package io.fleetml.bench;

import io.fleetml.testkit.gcs.GcsEmulator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * The GCS sink's throughput harness: 1M telemetry records (about 300 bytes of JSON each) in a Kafka topic, written by
 * one sink task to the project's GCS emulator, side by side with a baseline that consumes the same records and encodes
 * them in the same format in memory. Each side runs in its own JVM with a 256 MB heap; records are spread over 100
 * directories, so the sink holds 100 open files; files rotate every fifth of the records (flush.size), so the run ends
 * with every record committed.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.fleetml.bench.GcsSinkThroughput [records]}.
 */
public final class GcsSinkThroughput {
    private static final String TOPIC = "telemetry";
    private static final String BUCKET = "bench";
    private static final int DIRECTORIES = 100;
    private static final String HEAP = "-Xmx256m";
    private static final String AVRO_SCHEMA = "{\"type\":\"record\",\"name\":\"Telemetry\",\"fields\":["
            + "{\"name\":\"vin\",\"type\":\"string\"},{\"name\":\"ts\",\"type\":\"long\"},{\"name\":\"fleet_unit\",\"type\":\"int\"},"
            + "{\"name\":\"driver_id\",\"type\":\"string\"},"
            + "{\"name\":\"location\",\"type\":{\"type\":\"record\",\"name\":\"Location\",\"fields\":[{\"name\":\"lat\",\"type\":\"double\"},{\"name\":\"lon\",\"type\":\"double\"}]}},"
            + "{\"name\":\"speed\",\"type\":\"double\"},{\"name\":\"coolant_temp\",\"type\":\"double\"},{\"name\":\"intake_air_temp\",\"type\":\"double\"},"
            + "{\"name\":\"battery_voltage\",\"type\":\"double\"},{\"name\":\"current_draw\",\"type\":\"double\"},"
            + "{\"name\":\"engine_vibration_amplitude\",\"type\":\"double\"},{\"name\":\"throttle_pos\",\"type\":\"double\"},"
            + "{\"name\":\"tire_pressure_1_1\",\"type\":\"double\"},{\"name\":\"tire_pressure_2_2\",\"type\":\"double\"},"
            + "{\"name\":\"fuel_level\",\"type\":\"double\"},{\"name\":\"control_unit_firmware\",\"type\":\"int\"}]}";

    private GcsSinkThroughput() {
    }

    public static void main(String[] args) {
        try {
            measure(args);
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void measure(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        try (GcsEmulator gcs = new GcsEmulator().start()) {
            gcs.createBucket(BUCKET);
            kafka.createTopic(TOPIC, 1);
            long inputBytes = produce(kafka, records);
            System.out.printf("%d records, %.1f MB of JSON in Kafka (%.0f bytes each)%n%n", records, inputBytes / 1e6, (double) inputBytes / records);
            System.out.printf("%-15s %-9s %12s %8s %12s %14s%n", "format", "side", "records/s", "MB/s", "live heap MB", "ratio to base");
            for (String[] format : new String[][] {{"jsonl", "gzip"}, {"parquet", "snappy"}}) {
                List<String> props = List.of("gcs.bucket.name=" + BUCKET, "gcs.endpoint=" + gcs.endpoint(), "format=" + format[0],
                        "format.compression=" + format[1], "format.avro.schema=" + AVRO_SCHEMA, "partitioner=field",
                        "partition.field.name=fleet_unit", "flush.size=" + Math.max(1, records / 5), "topics.dir=" + format[0]);
                double[] baseline = run("baseline", kafka.bootstrapServers(), records, props);
                double[] sink = run("sink", kafka.bootstrapServers(), records, props);
                print(format, "baseline", baseline, inputBytes, baseline);
                print(format, "sink", sink, inputBytes, baseline);
            }
        } finally {
            kafka.stop();
        }
    }

    private static void print(String[] format, String side, double[] result, long inputBytes, double[] baseline) {
        double perSecond = result[0] / result[1];
        System.out.printf(Locale.ROOT, "%-15s %-9s %12.0f %8.1f %12.0f %14.2f%n", format[0] + "+" + format[1], side, perSecond,
                inputBytes / result[1] / 1e6, result[2] / 1e6, perSecond / (baseline[0] / baseline[1]));
    }

    private static long produce(EmbeddedKafkaCluster kafka, int records) {
        SplittableRandom random = new SplittableRandom(42);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = kafka.createProducer(Map.of("linger.ms", 20, "batch.size", 262144,
                "compression.type", "lz4"))) {
            for (int i = 0; i < records; i++) {
                int unit = i % DIRECTORIES;
                String json = String.format(Locale.ROOT, "{\"vin\":\"1FLEET%05dX%06d\",\"ts\":%d,\"fleet_unit\":%d,\"driver_id\":\"DRV-%06d\","
                                + "\"location\":{\"lat\":%.6f,\"lon\":%.6f},\"speed\":%.1f,\"coolant_temp\":%.1f,\"intake_air_temp\":%.1f,"
                                + "\"battery_voltage\":%.2f,\"current_draw\":%.2f,\"engine_vibration_amplitude\":%.3f,\"throttle_pos\":%.2f,"
                                + "\"tire_pressure_1_1\":%.1f,\"tire_pressure_2_2\":%.1f,\"fuel_level\":%.1f,\"control_unit_firmware\":%d}",
                        unit, i % 1000, 1_764_000_000_000L + i * 10L, unit, unit * 17, 47 + random.nextDouble() * 7, 6 + random.nextDouble() * 9,
                        random.nextDouble() * 130, 85 + random.nextDouble() * 10, 20 + random.nextDouble() * 15, 12 + random.nextDouble(),
                        random.nextDouble() * 40, random.nextDouble(), random.nextDouble() * 100, 220 + random.nextDouble() * 20,
                        220 + random.nextDouble() * 20, random.nextDouble() * 100, 2000 + unit);
                byte[] value = json.getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value));
            }
        }
        return bytes;
    }

    /** {records, seconds, peak heap bytes} of one side, run in a JVM of its own. */
    private static double[] run(String mode, String bootstrap, int records, List<String> props) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-cp", System.getProperty("java.class.path"), SinkRun.class.getName(), mode, bootstrap, TOPIC, Integer.toString(records)));
        command.addAll(props);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double[] result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    String[] f = line.split(" ");
                    result = new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[5])};
                } else if (line.contains("ERROR") || line.contains("Exception")) {
                    System.err.println(mode + ": " + line);
                }
            }
        }
        if (process.waitFor() != 0 || result == null) {
            throw new IllegalStateException(mode + " run failed with exit code " + process.exitValue());
        }
        return result;
    }
}
