package io.fleetml.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.simulator.FleetVehicle;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SensorFault;
import io.fleetml.simulator.SimulatedPayment;
import io.fleetml.simulator.TelemetrySimulator;
import io.fleetml.testkit.mqtt.MqttPublisher;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The simulated fleet on the wire: every vehicle sends a telemetry reading per second over MQTT, and the fleet's
 * payments go out at a steady rate, normal ones until {@link #injectFraud()}, then with fraud at the configured rate;
 * from then on too, that share of the vehicles (at least one) has a sensor fault, one of the four kinds in turn. The
 * ground truth of every payment and every reading (its phase, whether and how it is anomalous) goes to the simulator's
 * own log files, never into the record. The planted personal data of everything sent is kept for the leak check. The
 * MQTT publisher and the payment channel belong to the caller, which closes them after this.
 */
final class FleetTraffic implements AutoCloseable {
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    static final long SEED = 2026;
    private static final long TICK_MS = 200;
    /** Each vehicle pays about every five seconds, but never fewer than this many payments per second in all. */
    private static final double MIN_PAYMENTS_PER_SECOND = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<FleetVehicle> vehicles;
    private final PaymentSimulator normal;
    private final PaymentSimulator withFraud;
    private final TelemetrySimulator telemetry = new TelemetrySimulator(SEED, PaymentSimulator.START_MS);
    private final double paymentsPerSecond;
    private final MqttPublisher mqtt;
    private final PaymentChannel payments;
    private final BufferedWriter groundTruth;
    private final Path groundTruthFile;
    private final BufferedWriter sensorTruth;
    private final Path sensorTruthFile;
    private final Map<String, SensorFault> faults;
    private final PlantedPii planted = new PlantedPii();
    private final AtomicLong telemetrySent = new AtomicLong();
    private final AtomicLong paymentsSent = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread = new Thread(this::run, "fleet-simulator");
    private volatile int phase = 1;
    private volatile boolean stopping;
    private long startNanos;
    private int nextSecond;
    private int nextPayment;

    FleetTraffic(int vehicles, double fraudRate, MqttPublisher mqtt, PaymentChannel payments, Path groundTruthFile,
                 Path sensorTruthFile) {
        PaymentSimulator simulator = new PaymentSimulator(SEED, vehicles);
        this.vehicles = simulator.vehicles();
        this.normal = simulator.withFraudRate(0);
        this.withFraud = simulator.withFraudRate(fraudRate);
        this.paymentsPerSecond = Math.max(MIN_PAYMENTS_PER_SECOND, vehicles / 5.0);
        this.mqtt = mqtt;
        this.payments = payments;
        this.groundTruthFile = groundTruthFile;
        this.sensorTruthFile = sensorTruthFile;
        this.faults = faultyVehicles(this.vehicles, fraudRate);
        try {
            Files.createDirectories(groundTruthFile.getParent());
            this.groundTruth = Files.newBufferedWriter(groundTruthFile, StandardCharsets.UTF_8);
            this.sensorTruth = Files.newBufferedWriter(sensorTruthFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulator's ground truth to " + groundTruthFile.getParent(), e);
        }
        this.vehicles.forEach(planted::addVehicle);
    }

    /**
     * The fields that identify a reading in the truth log and on the scored topic, where the VIN is pseudonymized: none
     * is masked or changed by a fault, and two vehicles sharing all four in one second is not to be expected.
     */
    private static final List<String> READING_KEY_FIELDS = List.of("ts", "odometer_km", "battery_percentage", "fuel_level");

    /** The identity of a reading whose fields {@code field} gives; null when one is missing. */
    static String readingKey(Function<String, Object> field) {
        StringJoiner key = new StringJoiner("|");
        for (String name : READING_KEY_FIELDS) {
            Object value = field.apply(name);
            if (value == null) {
                return null;
            }
            key.add(value.toString());
        }
        return key.toString();
    }

    /** Which vehicles develop which sensor fault in phase 3: a share of the fleet by the fraud rate, at least one. */
    private static Map<String, SensorFault> faultyVehicles(List<FleetVehicle> vehicles, double rate) {
        List<FleetVehicle> shuffled = new ArrayList<>(vehicles);
        Collections.shuffle(shuffled, new Random(SEED));
        int count = Math.min(vehicles.size(), Math.max(1, (int) Math.round(vehicles.size() * rate)));
        SensorFault[] kinds = SensorFault.values();
        Map<String, SensorFault> faulty = new HashMap<>();
        for (int i = 0; i < count; i++) {
            faulty.put(shuffled.get(i).vin(), kinds[i % kinds.length]);
        }
        return faulty;
    }

    void start() {
        startNanos = System.nanoTime();
        thread.start();
    }

    /** From now on payments carry injected fraud (phase 3). */
    void injectFraud() {
        phase = 3;
    }

    /** Phase 2: still normal payments, counted apart so that phase 1 alone is the training data. */
    void training() {
        phase = 2;
    }

    int phase() {
        return phase;
    }

    long telemetrySent() {
        return telemetrySent.get();
    }

    long paymentsSent() {
        return paymentsSent.get();
    }

    PlantedPii planted() {
        return planted;
    }

    Path groundTruthFile() {
        return groundTruthFile;
    }

    Path sensorTruthFile() {
        return sensorTruthFile;
    }

    /** How many vehicles have a sensor fault in phase 3. */
    int faultyVehicles() {
        return faults.size();
    }

    /** Stops sending and returns once the last confirmed message is counted and its truth is in the log. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join(SEND_TIMEOUT.toMillis() * 2);
        if (thread.isAlive()) {
            throw new IllegalStateException("the fleet simulator did not stop within " + SEND_TIMEOUT.multipliedBy(2));
        }
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("the fleet simulator failed: " + failed.getMessage(), failed);
        }
    }

    private void run() {
        try {
            while (!stopping) {
                long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
                sendTelemetryUpTo(elapsedMs);
                sendPaymentsUpTo(elapsedMs);
                groundTruth.flush();
                sensorTruth.flush();
                long next = TICK_MS - (System.nanoTime() - startNanos) / 1_000_000 % TICK_MS;
                // Pacing the fleet to the wall clock, not waiting for anything: this sleep is the simulated time passing.
                Thread.sleep(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private void sendTelemetryUpTo(long elapsedMs) throws Exception {
        while ((long) nextSecond * 1000 <= elapsedMs) {
            int currentPhase = phase;
            List<Map.Entry<String, byte[]>> batch = new ArrayList<>(vehicles.size());
            List<String> truths = new ArrayList<>(vehicles.size());
            for (FleetVehicle vehicle : vehicles) {
                SensorFault fault = currentPhase == 3 ? faults.get(vehicle.vin()) : null;
                Map<String, Object> reading = telemetry.reading(vehicle, nextSecond, fault);
                planted.addLocation(reading.get("location"));
                batch.add(Map.entry("vehicles/" + vehicle.vin() + "/telemetry", JSON.writeValueAsBytes(reading)));
                Map<String, Object> truth = new LinkedHashMap<>();
                truth.put("reading", readingKey(reading::get));
                truth.put("phase", currentPhase);
                truth.put("fault", fault != null);
                truth.put("fault_kind", fault == null ? null : fault.label());
                truths.add(JSON.writeValueAsString(truth));
            }
            mqtt.publishAll(batch);
            telemetrySent.addAndGet(batch.size());
            for (String truth : truths) {
                sensorTruth.write(truth);
                sensorTruth.newLine();
            }
            nextSecond++;
        }
    }

    private void sendPaymentsUpTo(long elapsedMs) throws Exception {
        int due = (int) (elapsedMs / 1000.0 * paymentsPerSecond);
        if (due <= nextPayment) {
            return;
        }
        int currentPhase = phase;
        PaymentSimulator simulator = currentPhase == 3 ? withFraud : normal;
        List<SimulatedPayment> batch = new ArrayList<>(due - nextPayment);
        List<Map.Entry<String, byte[]>> messages = new ArrayList<>(due - nextPayment);
        for (; nextPayment < due; nextPayment++) {
            SimulatedPayment payment = simulator.payment(nextPayment);
            batch.add(payment);
            messages.add(Map.entry(payment.paymentId(), JSON.writeValueAsBytes(payment.value())));
            planted.addPayment(payment.value());
        }
        payments.send(messages);
        paymentsSent.addAndGet(batch.size());
        for (SimulatedPayment payment : batch) {
            Map<String, Object> truth = new LinkedHashMap<>();
            truth.put("payment_id", payment.paymentId());
            truth.put("phase", currentPhase);
            truth.put("fraud", payment.fraud());
            truth.put("fraud_kind", payment.fraudKind());
            groundTruth.write(JSON.writeValueAsString(truth));
            groundTruth.newLine();
        }
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        thread.interrupt();
        thread.join(SEND_TIMEOUT.toMillis());
        groundTruth.close();
        sensorTruth.close();
    }
}
