package io.fleetml.model.features;

import io.fleetml.model.metadata.Normalizer;
import io.fleetml.simulator.FraudKind;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;
import io.fleetml.simulator.FleetRecords;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Features#PAYMENT_DEFAULTS} on the fleet simulator's payments: they extract, and they carry every kind of fraud. */
class PaymentDefaultsTest {
    private static final Features DEFAULTS = Features.parse(Features.PAYMENT_DEFAULTS, "features");
    private static final List<SimulatedPayment> PAYMENTS = new PaymentSimulator(7, 200)
            .withFraudKinds(EnumSet.allOf(FraudKind.class)).payments(20_000);

    @Test
    void defaultsAreFourteenNumbersInADocumentedOrder() {
        assertEquals(14, DEFAULTS.width());
        assertEquals(List.of("amount", "log1p(amount)",
                "distance_km(vehicle.location.lat,vehicle.location.lon,merchant.location.lat,merchant.location.lon)",
                "hour_sin(ts)", "hour_cos(ts)", "vehicle.speed", "vehicle.fuel_level",
                "onehot(merchant.category:fuel|ev_charging|parking|tolls|car_wash|in_car_entertainment|food)"), DEFAULTS.names());
    }

    @Test
    void defaultsExtractFromTwentyThousandSimulatedPaymentsWithoutMissingFeatures() throws MissingFeature {
        int category = DEFAULTS.offset(DEFAULTS.features().size() - 1);
        for (double[] row : extractAll()) {
            double oneHotSum = 0;
            for (int j = 0; j < row.length; j++) {
                assertTrue(Double.isFinite(row[j]));
                if (j >= category) {
                    oneHotSum += row[j];
                }
            }
            assertEquals(1.0, oneHotSum, "every simulated category is listed");
        }
    }

    @Test
    void structAndMapPaymentsGiveTheSameVector() throws MissingFeature {
        FleetRecords records = new FleetRecords(3);
        for (int i = 0; i < 200; i++) {
            assertArrayEquals(DEFAULTS.extract(records.paymentMap(i)), DEFAULTS.extract(records.paymentStruct(i)));
        }
    }

    /**
     * Without any model: a payment's distance to its nearest normal payments in the standardized feature space already
     * ranks each kind of fraud above normal payments, so the features give an autoencoder what it needs to learn.
     */
    @Test
    void defaultsSeparateEveryFraudKindFromNormalPayments() throws MissingFeature {
        List<double[]> rows = extractAll();
        List<double[]> reference = new ArrayList<>();
        for (int i = 0; i < 10_000 && reference.size() < 5_000; i++) {
            if (!PAYMENTS.get(i).fraud()) {
                reference.add(rows.get(i));
            }
        }
        Normalizer normalizer = standardizer(reference);
        float[][] normalized = reference.stream().map(normalizer::normalize).toArray(float[][]::new);

        List<Double> normal = new ArrayList<>();
        Map<String, List<Double>> fraudByKind = new TreeMap<>();
        for (int i = 10_000; i < PAYMENTS.size(); i++) {
            SimulatedPayment payment = PAYMENTS.get(i);
            if (!payment.fraud() && normal.size() >= 2_000) {
                continue;
            }
            double score = meanDistanceToNearest(normalized, normalizer.normalize(rows.get(i)), 5);
            if (payment.fraud()) {
                fraudByKind.computeIfAbsent(payment.fraudKind(), k -> new ArrayList<>()).add(score);
            } else {
                normal.add(score);
            }
        }
        assertEquals(EnumSet.allOf(FraudKind.class).size(), fraudByKind.size());
        List<Double> fraud = new ArrayList<>();
        fraudByKind.forEach((kind, scores) -> {
            assertTrue(rocAuc(scores, normal) >= 0.95, kind + " AUC " + rocAuc(scores, normal));
            fraud.addAll(scores);
        });
        assertTrue(rocAuc(fraud, normal) >= 0.98, "overall AUC " + rocAuc(fraud, normal));
    }

    private static List<double[]> extractAll() throws MissingFeature {
        List<double[]> rows = new ArrayList<>(PAYMENTS.size());
        for (SimulatedPayment payment : PAYMENTS) {
            rows.add(DEFAULTS.extract(payment.value()));
        }
        return rows;
    }

    private static Normalizer standardizer(List<double[]> rows) {
        int width = rows.get(0).length;
        double[] mean = new double[width];
        double[] std = new double[width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                mean[j] += row[j] / rows.size();
            }
        }
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / rows.size();
            }
        }
        for (int j = 0; j < width; j++) {
            std[j] = Math.sqrt(std[j]);
        }
        return new Normalizer(mean, std);
    }

    private static double meanDistanceToNearest(float[][] reference, float[] x, int k) {
        double[] nearest = new double[k];
        Arrays.fill(nearest, Double.MAX_VALUE);
        for (float[] row : reference) {
            double d = 0;
            for (int j = 0; j < x.length; j++) {
                double e = row[j] - x[j];
                d += e * e;
            }
            int pos = k - 1;
            if (d < nearest[pos]) {
                while (pos > 0 && nearest[pos - 1] > d) {
                    nearest[pos] = nearest[pos - 1];
                    pos--;
                }
                nearest[pos] = d;
            }
        }
        return Arrays.stream(nearest).map(Math::sqrt).average().orElseThrow();
    }

    /** The probability that a fraud scores above a normal payment, ties counting half. */
    private static double rocAuc(List<Double> fraud, List<Double> normal) {
        double wins = 0;
        for (double f : fraud) {
            for (double n : normal) {
                wins += f > n ? 1 : f == n ? 0.5 : 0;
            }
        }
        return wins / fraud.size() / normal.size();
    }
}
