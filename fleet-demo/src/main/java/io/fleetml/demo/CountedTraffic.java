package io.fleetml.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.simulator.FleetVehicle;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;
import io.fleetml.simulator.TelemetrySimulator;
import io.fleetml.testkit.mqtt.MqttPublisher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fleet of the demo sending an exact number of messages, for tests that account for every one: each round every
 * vehicle sends one telemetry reading and the fleet a fixed number of payments. Some payments lack the vehicle's speed,
 * a feature of the fraud model, so FraudScore cannot score them; every few rounds one vehicle of the fleet sends one
 * malformed telemetry message and one malformed payment, each quoting its VIN, driver and card: they reach the errors
 * topics with their raw bytes, the one place raw data is kept, while their keys and headers must name nobody.
 * Rounds are paced, so a test can disturb the cluster while messages are still coming.
 */
public final class CountedTraffic implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param vehicles          vehicles of the fleet; each sends one reading per round
     * @param rounds            rounds to send
     * @param paymentsPerRound  payments per round
     * @param unscoreableEvery  every this many payments (by index) one lacks {@code vehicle.speed}
     * @param malformedEvery    every this many rounds one malformed telemetry message and one malformed payment
     * @param roundInterval     time between the starts of two rounds
     */
    public record Plan(int vehicles, int rounds, int paymentsPerRound, int unscoreableEvery, int malformedEvery,
                       Duration roundInterval) {
        public int telemetry() {
            return vehicles * rounds;
        }

        public int payments() {
            return paymentsPerRound * rounds;
        }

        public int malformed() {
            return rounds / malformedEvery;
        }
    }

    private final Plan plan;
    private final List<FleetVehicle> vehicles;
    private final PaymentSimulator payments;
    private final TelemetrySimulator telemetry = new TelemetrySimulator(FleetTraffic.SEED, PaymentSimulator.START_MS);
    private final MqttPublisher mqtt;
    private final PaymentChannel paymentChannel;
    private final PlantedPii planted = new PlantedPii();
    private final Set<String> paymentIds = ConcurrentHashMap.newKeySet();
    private final Set<String> unscoreableIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong telemetrySent = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread = new Thread(this::run, "counted-fleet");
    private volatile boolean stopping;

    CountedTraffic(Plan plan, MqttPublisher mqtt, PaymentChannel paymentChannel) {
        this.plan = plan;
        PaymentSimulator simulator = new PaymentSimulator(FleetTraffic.SEED, plan.vehicles());
        this.vehicles = simulator.vehicles();
        this.payments = simulator.withFraudRate(PaymentSimulator.DEFAULT_FRAUD_RATE);
        this.mqtt = mqtt;
        this.paymentChannel = paymentChannel;
        vehicles.forEach(planted::addVehicle);
    }

    public Plan plan() {
        return plan;
    }

    public CountedTraffic start() {
        thread.start();
        return this;
    }

    /** Returns once every round is sent and confirmed by the servers. */
    public void awaitSent(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException("the fleet did not send its " + plan.rounds() + " rounds within " + timeout
                    + "; " + telemetrySent.get() + " readings sent");
        }
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("the fleet failed to send: " + failed.getMessage(), failed);
        }
    }

    public long telemetrySent() {
        return telemetrySent.get();
    }

    /** Ids of the well-formed payments sent, those FraudScore cannot score included. */
    public Set<String> paymentIds() {
        return Set.copyOf(paymentIds);
    }

    /** Ids of the payments sent without {@code vehicle.speed}. */
    public Set<String> unscoreableIds() {
        return Set.copyOf(unscoreableIds);
    }

    PlantedPii planted() {
        return planted;
    }

    private void run() {
        try {
            long start = System.nanoTime();
            for (int round = 0; round < plan.rounds() && !stopping; round++) {
                long due = start + plan.roundInterval().toNanos() * round;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    // Pacing the fleet, not waiting for anything: the time between rounds is the traffic's rate.
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                sendRound(round);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private void sendRound(int round) throws Exception {
        List<Map.Entry<String, byte[]>> readings = new ArrayList<>(vehicles.size() + 1);
        for (FleetVehicle vehicle : vehicles) {
            Map<String, Object> reading = telemetry.reading(vehicle, round);
            planted.addLocation(reading.get("location"));
            readings.add(Map.entry("vehicles/" + vehicle.vin() + "/telemetry", JSON.writeValueAsBytes(reading)));
        }
        boolean malformed = (round + 1) % plan.malformedEvery() == 0;
        FleetVehicle garbling = vehicles.get(round % vehicles.size());
        if (malformed) {
            readings.add(Map.entry("vehicles/" + garbling.vin() + "/telemetry", truncatedJson(garbling, "\"speed\": ")));
        }
        mqtt.publishAll(readings);
        telemetrySent.addAndGet(vehicles.size());

        List<Map.Entry<String, byte[]>> batch = new ArrayList<>(plan.paymentsPerRound() + 1);
        List<String> ids = new ArrayList<>(plan.paymentsPerRound());
        List<String> unscoreable = new ArrayList<>();
        for (int i = round * plan.paymentsPerRound(); i < (round + 1) * plan.paymentsPerRound(); i++) {
            SimulatedPayment payment = payments.payment(i);
            Map<String, Object> value = payment.value();
            if ((i + 1) % plan.unscoreableEvery() == 0) {
                value = withoutSpeed(value);
                unscoreable.add(payment.paymentId());
            }
            planted.addPayment(value);
            batch.add(Map.entry(payment.paymentId(), JSON.writeValueAsBytes(value)));
            ids.add(payment.paymentId());
        }
        if (malformed) {
            batch.add(Map.entry("malformed-" + round, truncatedJson(garbling, "\"card\": \"" + garbling.cardNumber() + "\", ")));
        }
        paymentChannel.send(batch);
        paymentIds.addAll(ids);
        unscoreableIds.addAll(unscoreable);
    }

    /** A message cut off mid-way, as a flaky modem sends it, quoting the vehicle's and driver's data before the cut. */
    private static byte[] truncatedJson(FleetVehicle vehicle, String more) {
        return ("{\"vin\": \"" + vehicle.vin() + "\", \"driver\": \"" + vehicle.driverName() + "\", " + more)
                .getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutSpeed(Map<String, Object> payment) {
        Map<String, Object> copy = new LinkedHashMap<>(payment);
        Map<String, Object> vehicle = new LinkedHashMap<>((Map<String, Object>) payment.get("vehicle"));
        vehicle.put("speed", null);
        copy.put("vehicle", vehicle);
        return copy;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(FleetTraffic.SEND_TIMEOUT.toMillis());
    }
}
