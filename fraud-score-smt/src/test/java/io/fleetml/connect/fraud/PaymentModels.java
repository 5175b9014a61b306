package io.fleetml.connect.fraud;

import io.fleetml.connect.fraud.engine.TestModels;
import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.model.features.Features;
import io.fleetml.model.features.MissingFeature;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;

import java.nio.file.Path;
import java.util.List;

/** Payment autoencoders for tests, normalized with the statistics of simulated payments as the trainer would. */
final class PaymentModels {
    static final Features DEFAULT_FEATURES = Features.parse(Features.PAYMENT_DEFAULTS, "features");
    /** The seven numeric payment features, without the merchant category: inputs that differ from the default's. */
    static final Features NUMERIC_FEATURES = Features.parse("amount, log1p(amount), distance_km(vehicle.location.lat,"
            + "vehicle.location.lon,merchant.location.lat,merchant.location.lon), hour_sin(ts), hour_cos(ts), "
            + "vehicle.speed, vehicle.fuel_level", "features");

    private PaymentModels() {
    }

    /** A champion over the default features, version champion-1. */
    static Path exportChampion(Path dir) {
        return export(3, DEFAULT_FEATURES, "champion-1", dir);
    }

    /** A challenger with its own weights over {@link #NUMERIC_FEATURES} only, version challenger-1. */
    static Path exportChallenger(Path dir) {
        return export(11, NUMERIC_FEATURES, "challenger-1", dir);
    }

    /** Exports an autoencoder over {@code features} with weights from {@code seed} into {@code dir}. */
    static Path export(long seed, Features features, String version, Path dir) {
        return export(seed, features, version, dir, List.of(Activation.TANH, Activation.ELU, Activation.TANH,
                Activation.LINEAR));
    }

    /** The same with the activations of its four layers given: 8, 4 and 8 hidden units, then the reconstruction. */
    static Path export(long seed, Features features, String version, Path dir, List<Activation> activations) {
        int width = features.width();
        double[] sum = new double[width];
        double[] squares = new double[width];
        List<SimulatedPayment> payments = new PaymentSimulator(7, 100).payments(2_000);
        for (SimulatedPayment payment : payments) {
            double[] row;
            try {
                row = features.extract(payment.value());
            } catch (MissingFeature e) {
                throw new IllegalStateException("simulated payments have every feature", e);
            }
            for (int i = 0; i < width; i++) {
                sum[i] += row[i];
                squares[i] += row[i] * row[i];
            }
        }
        double[] mean = new double[width];
        double[] std = new double[width];
        for (int i = 0; i < width; i++) {
            mean[i] = sum[i] / payments.size();
            std[i] = Math.max(1e-3, Math.sqrt(Math.max(0, squares[i] / payments.size() - mean[i] * mean[i])));
        }
        return TestModels.builder(seed, width).layer(8, activations.get(0)).layer(4, activations.get(1))
                .layer(8, activations.get(2)).layer(width, activations.get(3))
                .metadata(features.names(), mean, std).version(version).export(dir);
    }
}
