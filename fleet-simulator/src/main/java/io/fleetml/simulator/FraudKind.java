package io.fleetml.simulator;

/** The kinds of fraud {@link PaymentSimulator} injects; each changes one aspect of an otherwise normal payment. */
public enum FraudKind {
    /** An amount several times the top of the category's normal range (never fuel, which has its own kind). */
    AMOUNT("amount"),
    /** The merchant is 60 km or more from where the vehicle is. */
    FAR_MERCHANT("far_merchant"),
    /** More fuel than the vehicle's tank holds: 1.5 to 3 tank capacities. */
    FUEL_OVER_CAPACITY("fuel_over_capacity"),
    /** Between 02:00 and 04:00 UTC, outside every category's normal hours. */
    UNUSUAL_HOUR("unusual_hour"),
    /** Paying while the vehicle drives at 60 to 140 km/h. Not injected unless asked for. */
    DRIVING_FAST("driving_fast");

    private final String label;

    FraudKind(String label) {
        this.label = label;
    }

    /** The name used in ground truth: {@link SimulatedPayment#fraudKind()}. */
    public String label() {
        return label;
    }
}
