package io.fleetml.it;

import io.fleetml.demo.CountedTraffic;
import io.fleetml.demo.FleetPipeline;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The traffic of the end-to-end pipeline tests and what each of them checks of its delivery. */
final class PipelineChecks {
    /**
     * 20,000 readings (200 vehicles, 100 rounds) and 5,000 payments, every 100th payment without vehicle.speed, a
     * malformed reading and payment every 10th round, rounds 50 ms apart.
     */
    static final CountedTraffic.Plan PLAN = new CountedTraffic.Plan(200, 100, 50, 100, 10, Duration.ofMillis(50));
    static final Duration WAIT = Duration.ofMinutes(3);

    private PipelineChecks() {
    }

    static void assertEveryMessageOnceInGcs(FleetPipeline.Delivery delivery, CountedTraffic traffic) {
        CountedTraffic.Plan plan = traffic.plan();
        assertEquals(plan.telemetry(), delivery.telemetryIdentities(), "readings in GCS");
        assertEquals(0, delivery.telemetryDuplicated(), "readings in GCS more than once");
        assertEquals(plan.telemetry(), delivery.telemetryRows(), "telemetry rows in GCS");
        assertEquals(plan.vehicles(), delivery.vehiclesInGcs(), "one pseudonym per vehicle");
        assertEquals(traffic.paymentIds(), delivery.paymentIdsInGcs(), "payments in GCS");
        assertEquals(plan.payments(), traffic.paymentIds().size());
        assertEquals(0, delivery.paymentsDuplicated(), "payments in GCS more than once");
        assertTrue(delivery.kafkaRecords(FleetPipeline.TELEMETRY_TOPIC) >= plan.telemetry());
        assertTrue(delivery.kafkaRecords(FleetPipeline.PAYMENTS_TOPIC) >= plan.payments());
    }

    static void assertBadInputHandled(FleetPipeline.Delivery delivery, FleetPipeline pipeline, CountedTraffic traffic) {
        CountedTraffic.Plan plan = traffic.plan();
        assertTrue(delivery.kafkaRecords(FleetPipeline.TELEMETRY_ERRORS_TOPIC) >= plan.malformed(), "malformed telemetry in errors.topic");
        assertTrue(delivery.kafkaRecords(pipeline.paymentErrorsTopic()) >= plan.malformed(), "malformed payments in errors.topic");
        assertEquals(0, delivery.kafkaRecords(FleetPipeline.TELEMETRY_TOPIC + ".dlq"), "telemetry the sink could not write");
        assertEquals(0, delivery.kafkaRecords(FleetPipeline.PAYMENTS_TOPIC + ".dlq"), "payments the sink could not write");
        assertEquals(plan.payments() / plan.unscoreableEvery(), traffic.unscoreableIds().size());
        assertEquals(traffic.unscoreableIds(), delivery.skipReasons().keySet(), "payments passed on unscored");
        delivery.skipReasons().forEach((id, reason) ->
                assertTrue(reason.contains("vehicle.speed"), "reason of " + id + " names the missing feature: " + reason));
        assertEquals(traffic.unscoreableIds(), delivery.unscoredPaymentIdsInGcs(), "payments without a score in GCS");
    }
}
