package io.fleetml.simulator;

import java.util.Map;

/**
 * One simulated payment event and its ground truth. The truth travels beside the record, never in it, as a real
 * pipeline would only learn it later from chargebacks.
 *
 * @param value     the record value as in docs/data.md, schemaless, with nested maps
 * @param fraud     whether fraud was injected
 * @param fraudKind the {@link FraudKind#label()} of the injected fraud, null for a normal payment
 */
public record SimulatedPayment(Map<String, Object> value, boolean fraud, String fraudKind) {
    public SimulatedPayment {
        if (fraud != (fraudKind != null)) {
            throw new IllegalArgumentException("a fraud kind is given exactly when the payment is fraud");
        }
    }

    public String paymentId() {
        return (String) value.get("payment_id");
    }
}
