package io.fleetml.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic vehicle telemetry as in docs/data.md ({@code vehicles/{vin}/telemetry}, one reading per vehicle per second):
 * the same seed and index always give the same reading, so a test can regenerate what was published and compare. Each
 * reading carries the vehicle's VIN, its driver and its full-precision position, the personal data masking must remove.
 */
public final class TelemetryRecords {
    /** 2025-11-24T16:00:00Z: readings are one second apart from here. */
    public static final long START_MS = 1_764_000_000_000L;

    private final long seed;
    private final int vehicles;

    public TelemetryRecords(long seed, int vehicles) {
        this.seed = seed;
        this.vehicles = vehicles;
    }

    /** Reading {@code index}: vehicle {@code index % vehicles} at second {@code index / vehicles}. */
    public Map<String, Object> reading(int index) {
        int vehicle = index % vehicles;
        int second = index / vehicles;
        Vehicle v = vehicle(vehicle);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("vin", v.vin);
        value.put("ts", START_MS + second * 1_000L);
        value.put("driver_id", v.driverId);
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("lat", v.lat + second * 0.000_2);
        location.put("lon", v.lon + second * 0.000_3);
        value.put("location", location);
        value.put("speed", round(40 + random.nextDouble() * 80, 1));
        value.put("coolant_temp", round(85 + random.nextDouble() * 10, 1));
        value.put("intake_air_temp", round(15 + random.nextDouble() * 15, 1));
        value.put("intake_air_flow_speed", round(10 + random.nextDouble() * 30, 2));
        value.put("battery_percentage", round(60 + random.nextDouble() * 40, 1));
        value.put("battery_voltage", round(12.2 + random.nextDouble() * 0.6, 2));
        value.put("current_draw", round(10 + random.nextDouble() * 15, 2));
        value.put("engine_vibration_amplitude", round(0.2 + random.nextDouble() * 0.4, 3));
        value.put("throttle_pos", round(random.nextDouble() * 60, 2));
        for (String wheel : List.of("1_1", "1_2", "2_1", "2_2")) {
            value.put("tire_pressure_" + wheel, round(230 + random.nextDouble() * 20, 1));
        }
        for (String axis : List.of("1_1", "1_2", "2_1", "2_2")) {
            value.put("accelerometer_" + axis, round(random.nextGaussian() * 0.3, 3));
        }
        value.put("control_unit_firmware", 2031 + vehicle % 3);
        value.put("fuel_level", round(20 + random.nextDouble() * 80, 1));
        return value;
    }

    public String vin(int index) {
        return vehicle(index % vehicles).vin;
    }

    /** The raw personal data in reading {@code index}: none of it may survive masking. */
    @SuppressWarnings("unchecked")
    public List<String> plantedPii(int index) {
        Map<String, Object> reading = reading(index);
        Map<String, Object> location = (Map<String, Object>) reading.get("location");
        return List.of((String) reading.get("vin"), (String) reading.get("driver_id"),
                location.get("lat").toString(), location.get("lon").toString());
    }

    private Vehicle vehicle(int vehicle) {
        SplittableRandom random = new SplittableRandom(seed * 7_919L + vehicle);
        Vehicle v = new Vehicle();
        v.vin = Identifiers.vin(random);
        v.driverId = String.format("DRV-%06d", random.nextInt(1_000_000));
        v.lat = 47.0 + random.nextDouble() * 7.0;
        v.lon = 6.0 + random.nextDouble() * 9.0;
        return v;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static final class Vehicle {
        String vin;
        String driverId;
        double lat;
        double lon;
    }
}
