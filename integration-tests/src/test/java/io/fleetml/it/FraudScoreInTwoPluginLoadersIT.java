package io.fleetml.it;

import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.connect.runtime.isolation.LoaderSwap;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several Connect workers in one JVM (as EmbeddedConnectCluster runs them) each load the FraudScore archive, and TensorFlow with it,
 * in a plugin class loader of their own. The JVM lets only one class loader load a given JNI library file; JavaCPP,
 * which loads TensorFlow's, answers that refusal ("already loaded in another classloader") by loading a renamed copy
 * of the JNI library for the next loader, and TensorFlow's own libraries are shared. So every loader configures
 * FraudScore and scores alike. Each {@link Plugins} here is what a worker builds from its {@code plugin.path}; if a
 * TensorFlow or JavaCPP upgrade lost this, workers sharing a JVM could no longer score and README's Install note would
 * be wrong.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FraudScoreInTwoPluginLoadersIT {
    private static final String FRAUD_SCORE = "io.fleetml.connect.fraud.FraudScore$Value";
    private static final int RECORDS = 20;
    private static final long SEED = 5;

    @Test
    void twoWorkersPluginLoadersInOneJvmEachScoreThroughTensorFlow() throws Exception {
        List<Transformation<SourceRecord>> transforms = new ArrayList<>();
        try {
            for (int worker = 0; worker < 2; worker++) {
                transforms.add(configuredInOwnPluginLoader());
            }
            ClassLoader first = transforms.get(0).getClass().getClassLoader();
            ClassLoader second = transforms.get(1).getClass().getClassLoader();
            assertNotSame(first, second);
            assertNotSame(Class.forName("org.tensorflow.TensorFlow", false, first),
                    Class.forName("org.tensorflow.TensorFlow", false, second), "each loader has TensorFlow's classes");

            FleetRecords fleet = new FleetRecords(SEED);
            for (int i = 0; i < RECORDS; i++) {
                double firstScore = score(transforms.get(0), fleet.paymentMap(i));
                double secondScore = score(transforms.get(1), fleet.paymentMap(i));
                assertTrue(Double.isFinite(firstScore) && firstScore >= 0, "score of payment " + i + ": " + firstScore);
                assertEquals(firstScore, secondScore, "payment " + i + " scored by the two loaders");
            }
        } finally {
            transforms.forEach(Transformation::close);
        }
    }

    /** As a worker does: the transform comes from its own plugin loader and is configured with that loader current. */
    @SuppressWarnings("unchecked")
    private static Transformation<SourceRecord> configuredInOwnPluginLoader() throws Exception {
        Plugins plugins = new Plugins(Map.of("plugin.path", Archive.FRAUD_SCORE.alone().toAbsolutePath().toString(),
                "plugin.discovery", "service_load"));
        Class<?> type = plugins.pluginClass(FRAUD_SCORE);
        Transformation<SourceRecord> transform = (Transformation<SourceRecord>) type.getDeclaredConstructor().newInstance();
        try (LoaderSwap swap = plugins.withClassLoader(type.getClassLoader())) {
            // engine=tensorflow: every record goes through a TensorFlow session, so each loader's JNI binding is used.
            transform.configure(Map.of("model.path", PaymentsModel.path().toString(), "engine", "tensorflow"));
        }
        return transform;
    }

    private static double score(Transformation<SourceRecord> transform, Map<String, Object> payment) {
        SourceRecord scored = transform.apply(new SourceRecord(null, null, "payments", null, payment));
        return ((Number) ((Map<?, ?>) scored.value()).get("fraud_score")).doubleValue();
    }
}
