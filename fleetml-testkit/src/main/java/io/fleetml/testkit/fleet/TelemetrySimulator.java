package io.fleetml.testkit.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Telemetry of the same vehicles that {@link PaymentSimulator} makes pay: one reading per vehicle per second, as a
 * vehicle publishes it on {@code vehicles/{vin}/telemetry}. Each reading carries the vehicle's VIN, its driver id and its
 * full-precision position, the personal data masking must remove. Deterministic: vehicle and second give the reading.
 */
public final class TelemetrySimulator {
    private static final long MS_PER_SECOND = 1_000L;
    /** How far a vehicle drifts per second, in degrees: about 20 m/s, a city-to-highway mix. */
    private static final double DRIFT_DEGREES = 0.000_18;

    private final long seed;
    private final long startMs;

    /** Readings of second 0 carry timestamp {@code startMs}. */
    public TelemetrySimulator(long seed, long startMs) {
        this.seed = seed;
        this.startMs = startMs;
    }

    public Map<String, Object> reading(FleetVehicle vehicle, int second) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L ^ vehicle.vin().hashCode() * 31L + second);
        double heading = (vehicle.vin().hashCode() & 0xffff) / 65536.0 * 2 * Math.PI;
        double speed = round(30 + random.nextDouble() * 90, 1);
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("lat", round(vehicle.homeLat() + second * DRIFT_DEGREES * Math.cos(heading), 6));
        location.put("lon", round(vehicle.homeLon() + second * DRIFT_DEGREES * Math.sin(heading), 6));

        Map<String, Object> value = new LinkedHashMap<>();
        value.put("vin", vehicle.vin());
        value.put("driver_id", vehicle.driverId());
        value.put("ts", startMs + second * MS_PER_SECOND);
        value.put("location", location);
        value.put("speed", speed);
        value.put("rpm", round(900 + speed * 22 + random.nextGaussian() * 150, 0));
        value.put("throttle_pos", round(random.nextDouble() * 60, 2));
        value.put("fuel_level", round(Math.max(5, 90 - second * 0.01 - random.nextDouble()), 1));
        value.put("engine_temp", round(88 + random.nextGaussian() * 2.5, 1));
        value.put("battery_voltage", round(13.8 + random.nextGaussian() * 0.2, 2));
        value.put("odometer_km", round(vehicle.odometerStartKm() + second * speed / 3600, 2));
        return value;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
