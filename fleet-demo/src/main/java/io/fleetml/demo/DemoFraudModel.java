package io.fleetml.demo;

import java.util.List;

/**
 * How the demo trains its fraud model from the phase-1 payments: from the payment backend's context fields alone, with
 * no labels, and with a threshold placed for a fraud rate of a few percent.
 */
public final class DemoFraudModel {
    /**
     * The {@code context} fields of docs/data.md, one for each kind of fraud the simulator injects by default: the
     * merchant far away, an amount far above the driver's usual one, more fuel than the tank holds, a time of day the
     * driver never pays at. Each compares the payment with the vehicle or the driver, which the raw fields (amount,
     * hour, positions coarsened by PiiMask) cannot do for a model that sees one record at a time. The amount's ratio
     * goes through log1p: drivers' ordinary amounts spread by a factor, and on a linear scale the highest of them stood
     * out almost as much as fraud (over the five fleets of contract-tests' DemoFraudModelTest, log1p halved the false
     * alarms: 11 instead of 21 among 19,586 normal payments). The unusual hour counts in minutes because every normal
     * payment has 0 there, and the trainer scales a feature that never varies by 1: the unit alone sets how far from
     * normal an hour outside the driver's habits lies.
     */
    public static final String FEATURES = "context.merchant_distance_km, log1p(context.amount_vs_usual), "
            + "context.fuel_litres_vs_tank, context.minutes_outside_usual_hours";

    /**
     * The trainer's options. At 2 % fraud, a precision of 0.8 allows flagging about 0.4 % of the normal payments, finer
     * than the trainer's default 99th percentile can place: the threshold is the highest validation error instead. Four
     * fifths of the payments are held out for it, so that highest error comes from over a thousand payments the model
     * never saw (the default fifth gives a few hundred, whose highest error still leaves more than 0.4 % above it);
     * four features need far fewer payments to train on.
     */
    public static final List<String> TRAINER_OPTIONS = List.of("--features", FEATURES, "--validation-split", "0.8",
            "--threshold-percentile", "100");

    private DemoFraudModel() {
    }
}
