package io.fleetml.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import static io.fleetml.simulator.SimulatedDraws.clamp;
import static io.fleetml.simulator.SimulatedDraws.mix;
import static io.fleetml.simulator.SimulatedDraws.round;
import static io.fleetml.simulator.SimulatedDraws.uniform;

/**
 * Telemetry of the same vehicles that {@link PaymentSimulator} makes pay: one reading per vehicle per second, as a
 * vehicle publishes it on {@code vehicles/{vin}/telemetry}, with the fields of the telemetry record in docs/data.md (plus
 * {@code rpm} and {@code odometer_km}). Each reading carries the vehicle's VIN, its driver id and its full-precision
 * position, the personal data masking must remove. Deterministic: vehicle and second give the reading.
 *
 * <p>Normal readings are of a driving vehicle and lie on a correlated manifold an autoencoder can learn from a few
 * thousand of them: the throttle follows a smooth per-vehicle driving pattern; speed follows the throttle, rpm the
 * speed, engine vibration the rpm; intake air flow follows throttle and rpm; coolant sits near 90 °C, a little higher
 * under load; intake air is the vehicle's ambient temperature plus engine heat, cooled by speed; battery voltage rises
 * with charge and rpm while the current drawn for charging falls with charge; tires sit near 230 kPa, warming a little
 * with speed; the four wheel accelerometers share the road's roughness and grow with speed. Every signal carries a
 * little Gaussian noise. {@link #reading(FleetVehicle, int, SensorFault)} injects a {@link SensorFault} into the same
 * reading.
 *
 * <p>Normal ranges: {@code speed} 20 to 130 km/h, {@code rpm} 1,100 to 4,100, {@code throttle_pos} 4 to 60 %,
 * {@code intake_air_flow_speed} 6 to 36 g/s, {@code coolant_temp} 85 to 95 °C, {@code intake_air_temp} 12 to 37 °C,
 * {@code battery_percentage} 71 to 99 %, {@code battery_voltage} 13.2 to 14.1 V, {@code current_draw} 5 to 20 A,
 * {@code engine_vibration_amplitude} 0.9 to 3.8 mm/s, tire pressures 223 to 241 kPa, accelerometers 0.1 to 0.8 g
 * (RMS), {@code fuel_level} 10 to 100 % (refilled on reaching 10), {@code control_unit_firmware} one of four versions
 * per vehicle; {@code odometer_km} grows by 20 m a second.
 */
public final class TelemetrySimulator {
    /** The four tire pressure fields, axle then side. */
    public static final List<String> TIRES =
            List.of("tire_pressure_1_1", "tire_pressure_1_2", "tire_pressure_2_1", "tire_pressure_2_2");
    /** What a disconnected intake air temperature sensor reports: {@link SensorFault#STUCK_SENSOR}. */
    public static final double DISCONNECTED_SENSOR_TEMP = -40.0;

    private static final long MS_PER_SECOND = 1_000L;
    /** How far a vehicle drifts per second, in degrees: about 20 m/s, a city-to-highway mix. */
    private static final double DRIFT_DEGREES = 0.000_18;
    /** The odometer advances by the drift's 20 m/s, about the mean speed. */
    private static final double KM_PER_SECOND = 0.02;
    private static final double FUEL_PERCENT_PER_SECOND = 0.005;
    private static final double REFILL_AT_PERCENT = 10;
    private static final int[] FIRMWARE = {3104, 3107, 3112, 3201};
    private static final long VEHICLE_STREAM = 1;
    private static final long READING_STREAM = 2;
    private static final long FAULT_STREAM = 3;

    private final long seed;
    private final long startMs;
    /** A vehicle's profile never changes, and a reading is made for each vehicle every second. */
    private final Map<String, Profile> profiles = new ConcurrentHashMap<>();

    /** Readings of second 0 carry timestamp {@code startMs}. */
    public TelemetrySimulator(long seed, long startMs) {
        this.seed = seed;
        this.startMs = startMs;
    }

    /** The vehicle's normal reading of this second. */
    public Map<String, Object> reading(FleetVehicle vehicle, int second) {
        return reading(vehicle, second, null);
    }

    /**
     * The vehicle's reading of this second with {@code fault} injected: the normal reading with only the fault's signals
     * changed. A null fault gives the normal reading.
     */
    public Map<String, Object> reading(FleetVehicle vehicle, int second, SensorFault fault) {
        Profile profile = profile(vehicle);
        Signals s = normalSignals(profile, second, new SplittableRandom(mix(seed, READING_STREAM, key(vehicle, second))));
        if (fault != null) {
            applyFault(s, fault, profile, second,
                    new SplittableRandom(mix(seed, FAULT_STREAM + fault.ordinal(), key(vehicle, second))));
        }

        double heading = (vehicle.vin().hashCode() & 0xffff) / 65536.0 * 2 * Math.PI;
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("lat", round(vehicle.homeLat() + second * DRIFT_DEGREES * Math.cos(heading), 6));
        location.put("lon", round(vehicle.homeLon() + second * DRIFT_DEGREES * Math.sin(heading), 6));

        Map<String, Object> value = new LinkedHashMap<>();
        value.put("vin", vehicle.vin());
        value.put("driver_id", vehicle.driverId());
        value.put("ts", startMs + second * MS_PER_SECOND);
        value.put("location", location);
        value.put("speed", round(s.speed, 1));
        value.put("coolant_temp", round(s.coolantTemp, 1));
        value.put("intake_air_temp", round(s.intakeAirTemp, 1));
        value.put("intake_air_flow_speed", round(s.intakeAirFlow, 2));
        value.put("battery_percentage", round(s.batteryPercentage, 1));
        value.put("battery_voltage", round(s.batteryVoltage, 2));
        value.put("current_draw", round(s.currentDraw, 1));
        value.put("engine_vibration_amplitude", round(s.vibration, 3));
        value.put("throttle_pos", round(s.throttle, 2));
        for (int i = 0; i < TIRES.size(); i++) {
            value.put(TIRES.get(i), round(s.tires[i], 1));
        }
        value.put("accelerometer_1_1", round(s.accelerometers[0], 3));
        value.put("accelerometer_1_2", round(s.accelerometers[1], 3));
        value.put("accelerometer_2_1", round(s.accelerometers[2], 3));
        value.put("accelerometer_2_2", round(s.accelerometers[3], 3));
        value.put("control_unit_firmware", profile.firmware);
        value.put("fuel_level", round(fuelLevel(profile, second), 1));
        value.put("rpm", round(s.rpm, 0));
        value.put("odometer_km", round(vehicle.odometerStartKm() + second * KM_PER_SECOND, 2));
        return value;
    }

    /** The tire field that {@link SensorFault#TIRE_LEAK} lets down on this vehicle; always the same for a vehicle. */
    public String leakingTire(FleetVehicle vehicle) {
        return TIRES.get(profile(vehicle).leakingTire);
    }

    /** What stays the same for a vehicle from second to second. */
    private record Profile(double throttleBase, double phase1, double phase2, double thermostat, double ambient,
                           double batteryPercentage, double tireBase, double[] tireOffsets, int leakingTire,
                           int firmware, double fuelStart) {
    }

    private Profile profile(FleetVehicle vehicle) {
        return profiles.computeIfAbsent(vehicle.vin(), vin -> newProfile(vehicle));
    }

    private Profile newProfile(FleetVehicle vehicle) {
        SplittableRandom random = new SplittableRandom(mix(seed, VEHICLE_STREAM, vehicle.vin().hashCode()));
        double throttleBase = uniform(random, 26, 37);
        double phase1 = random.nextDouble() * 2 * Math.PI;
        double phase2 = random.nextDouble() * 2 * Math.PI;
        double thermostat = uniform(random, -0.5, 0.5);
        double ambient = uniform(random, 8, 22);
        double battery = uniform(random, 72, 98);
        double tireBase = uniform(random, 226, 234);
        double[] tireOffsets = new double[TIRES.size()];
        for (int i = 0; i < tireOffsets.length; i++) {
            tireOffsets[i] = uniform(random, -2, 2);
        }
        int leakingTire = random.nextInt(TIRES.size());
        int firmware = FIRMWARE[random.nextInt(FIRMWARE.length)];
        double fuelStart = uniform(random, 35, 100);
        return new Profile(throttleBase, phase1, phase2, thermostat, ambient, battery, tireBase, tireOffsets,
                leakingTire, firmware, fuelStart);
    }

    /** The numeric signals of one reading before rounding, so a fault can change some and leave the rest. */
    private static final class Signals {
        double throttle;
        double speed;
        double rpm;
        double intakeAirFlow;
        double coolantTemp;
        double intakeAirTemp;
        double batteryPercentage;
        double batteryVoltage;
        double currentDraw;
        double vibration;
        final double[] tires = new double[TIRES.size()];
        final double[] accelerometers = new double[4];
    }

    private static Signals normalSignals(Profile profile, int second, SplittableRandom random) {
        Signals s = new Signals();
        // A smooth driving pattern (a minute-and-a-half swell and a quicker ripple) with a little jitter.
        s.throttle = clamp(profile.throttleBase
                + 12 * Math.sin(2 * Math.PI * second / 97 + profile.phase1)
                + 7 * Math.sin(2 * Math.PI * second / 23 + profile.phase2)
                + random.nextGaussian(), 3, 80);
        s.speed = Math.max(0, 15 + 1.9 * s.throttle + 2 * random.nextGaussian());
        s.rpm = 800 + 24 * s.speed + 100 * random.nextGaussian();
        s.intakeAirFlow = 2 + 0.35 * s.throttle + 0.003 * s.rpm + 0.6 * random.nextGaussian();
        s.coolantTemp = 88 + profile.thermostat + 0.06 * s.throttle + 0.8 * random.nextGaussian();
        s.intakeAirTemp = profile.ambient + 12 - 0.04 * s.speed + random.nextGaussian();
        s.batteryPercentage = clamp(profile.batteryPercentage + 0.3 * random.nextGaussian(), 0, 100);
        s.batteryVoltage = 13.5 + 0.012 * (s.batteryPercentage - 70) + 0.000_08 * (s.rpm - 2_600)
                + 0.05 * random.nextGaussian();
        s.currentDraw = 6 + 0.35 * (100 - s.batteryPercentage) + 0.04 * s.throttle + 0.6 * random.nextGaussian();
        s.vibration = 0.9 * s.rpm / 1_000 + 0.08 * random.nextGaussian();
        for (int i = 0; i < s.tires.length; i++) {
            s.tires[i] = profile.tireBase + profile.tireOffsets[i] + 0.03 * s.speed + 0.6 * random.nextGaussian();
        }
        double road = 0.15 + 0.004 * s.speed + 0.04 * random.nextGaussian();
        for (int i = 0; i < s.accelerometers.length; i++) {
            double rearAxle = i >= 2 ? 0.02 : 0;
            s.accelerometers[i] = Math.max(0, road + rearAxle + 0.012 * random.nextGaussian());
        }
        return s;
    }

    private static void applyFault(Signals s, SensorFault fault, Profile profile, int second, SplittableRandom random) {
        switch (fault) {
            case COOLING_FAILURE -> {
                double drift = 0.5 - 0.5 * Math.cos(2 * Math.PI * second / 600);
                s.coolantTemp += 20 + 12 * drift + 3 * random.nextDouble();
                s.vibration *= uniform(random, 2, 3);
            }
            case TIRE_LEAK -> {
                double others = 0;
                for (int i = 0; i < s.tires.length; i++) {
                    if (i != profile.leakingTire) {
                        others += s.tires[i];
                    }
                }
                double deepening = Math.floorMod(second, 900) / 900.0;
                s.tires[profile.leakingTire] = others / (s.tires.length - 1) - (50 + 38 * deepening + 2 * random.nextDouble());
            }
            case BATTERY_FAULT -> {
                s.batteryVoltage = uniform(random, 11.0, 11.8);
                s.currentDraw = uniform(random, 55, 90);
            }
            case STUCK_SENSOR -> s.intakeAirTemp = DISCONNECTED_SENSOR_TEMP;
            default -> throw new IllegalArgumentException("unknown sensor fault " + fault);
        }
    }

    /** Falls steadily and is refilled to 100 % on reaching 10 %. */
    private static double fuelLevel(Profile profile, int second) {
        double span = 100 - REFILL_AT_PERCENT;
        double used = 100 - profile.fuelStart + second * FUEL_PERCENT_PER_SECOND;
        return 100 - (used - span * Math.floor(used / span));
    }

    private static long key(FleetVehicle vehicle, int second) {
        return ((long) vehicle.vin().hashCode() << 32) | (second & 0xffff_ffffL);
    }
}
