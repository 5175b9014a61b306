package io.fleetml.simulator;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SensorFaultTest {
    private static final List<FleetVehicle> FLEET = new PaymentSimulator(7, 200).vehicles();
    /** Faulty readings come from other vehicles' seconds than the normal distribution they are compared with. */
    private static final List<FleetVehicle> SAMPLE = FLEET.subList(0, 100);
    private static final int FROM_SECOND = 5_000;
    private static final int SECONDS = 30;
    private static final TelemetrySimulator TELEMETRY = new TelemetrySimulator(7, PaymentSimulator.START_MS);

    @Test
    void labelsAreSnakeCaseNames() {
        for (SensorFault fault : SensorFault.values()) {
            assertEquals(fault.name().toLowerCase(Locale.ROOT), fault.label());
        }
        assertEquals(List.of("cooling_failure", "tire_leak", "battery_fault", "stuck_sensor"),
                EnumSet.allOf(SensorFault.class).stream().map(SensorFault::label).toList());
    }

    @Test
    void faultyReadingsAreDeterministic() {
        FleetVehicle vehicle = FLEET.get(3);
        for (SensorFault fault : SensorFault.values()) {
            assertEquals(TELEMETRY.reading(vehicle, 99, fault),
                    new TelemetrySimulator(7, PaymentSimulator.START_MS).reading(vehicle, 99, fault));
        }
    }

    @Test
    void eachFaultChangesOnlyItsSignalsAndLeavesIdentityTimeAndPositionAlone() {
        for (FleetVehicle vehicle : SAMPLE) {
            for (int second = FROM_SECOND; second < FROM_SECOND + SECONDS; second++) {
                Map<String, Object> normal = TELEMETRY.reading(vehicle, second);
                for (SensorFault fault : SensorFault.values()) {
                    Map<String, Object> faulty = TELEMETRY.reading(vehicle, second, fault);
                    Set<String> changed = affected(fault, vehicle);
                    assertEquals(normal.keySet().stream().toList(), faulty.keySet().stream().toList());
                    for (String field : normal.keySet()) {
                        if (changed.contains(field)) {
                            assertNotEquals(normal.get(field), faulty.get(field), fault + " changes " + field);
                        } else {
                            assertEquals(normal.get(field), faulty.get(field), fault + " leaves " + field);
                        }
                    }
                }
            }
        }
    }

    @Test
    void coolingFailureHeatsTheCoolantAndShakesTheEngine() {
        forEachSample(SensorFault.COOLING_FAILURE, (vehicle, normal, faulty) -> {
            double rise = d(faulty, "coolant_temp") - d(normal, "coolant_temp");
            assertTrue(rise >= 19.9 && rise <= 35.1, "coolant up by " + rise);
            double ratio = d(faulty, "engine_vibration_amplitude") / d(normal, "engine_vibration_amplitude");
            assertTrue(ratio >= 1.99 && ratio <= 3.01, "vibration times " + ratio);
        });
    }

    @Test
    void tireLeakLetsDownOneTireOfTheVehicle() {
        Set<String> leaking = new HashSet<>();
        forEachSample(SensorFault.TIRE_LEAK, (vehicle, normal, faulty) -> {
            String tire = TELEMETRY.leakingTire(vehicle);
            leaking.add(tire);
            double others = TelemetrySimulator.TIRES.stream().filter(t -> !t.equals(tire))
                    .mapToDouble(t -> d(faulty, t)).average().orElseThrow();
            double below = others - d(faulty, tire);
            assertTrue(below >= 49.9 && below <= 90.1, tire + " " + below + " kPa below the others");
        });
        assertEquals(Set.copyOf(TelemetrySimulator.TIRES), leaking, "any tire may leak, one per vehicle");
    }

    @Test
    void batteryFaultDropsTheVoltageWhileDrivingAndDrawsFarMoreCurrent() {
        forEachSample(SensorFault.BATTERY_FAULT, (vehicle, normal, faulty) -> {
            double voltage = d(faulty, "battery_voltage");
            assertTrue(voltage >= 11.0 && voltage <= 11.8, "voltage " + voltage);
            assertTrue(d(faulty, "speed") > 10, "while driving");
            double current = d(faulty, "current_draw");
            assertTrue(current >= 55 && current <= 90 && current > 2.5 * d(normal, "current_draw"), "current " + current);
        });
    }

    @Test
    void stuckSensorReportsMinusForty() {
        forEachSample(SensorFault.STUCK_SENSOR, (vehicle, normal, faulty) ->
                assertEquals(TelemetrySimulator.DISCONNECTED_SENSOR_TEMP, d(faulty, "intake_air_temp")));
        assertEquals(-40.0, TelemetrySimulator.DISCONNECTED_SENSOR_TEMP);
    }

    /**
     * Each fault moves every faulty reading more than 4 standard deviations of the normal readings (200 vehicles, a
     * minute each) away from their mean on a signal it affects: visible in a single reading.
     */
    @Test
    void everyFaultyReadingStandsOutOfTheNormalDistribution() {
        Map<String, ToDoubleFunction<Map<String, Object>>> signals = new LinkedHashMap<>();
        for (String field : TelemetrySimulatorTest.NORMAL_RANGES.keySet()) {
            signals.put(field, r -> d(r, field));
        }
        // Vibration relative to engine speed: what an autoencoder sees of shaking that rpm does not explain.
        signals.put("vibration_per_rpm", r -> d(r, "engine_vibration_amplitude") / d(r, "rpm"));
        Map<String, double[]> stats = new HashMap<>();
        List<Map<String, Object>> normal = TelemetrySimulatorTest.normalReadings(FLEET, 0, 60);
        signals.forEach((name, signal) -> stats.put(name, meanAndDeviation(normal, signal)));

        Map<SensorFault, Double> weakest = new LinkedHashMap<>();
        for (SensorFault fault : SensorFault.values()) {
            forEachSample(fault, (vehicle, normalReading, faulty) -> {
                List<String> checked = switch (fault) {
                    case COOLING_FAILURE -> List.of("coolant_temp", "vibration_per_rpm");
                    case TIRE_LEAK -> List.of(TELEMETRY.leakingTire(vehicle));
                    case BATTERY_FAULT -> List.of("battery_voltage", "current_draw");
                    case STUCK_SENSOR -> List.of("intake_air_temp");
                };
                for (String name : checked) {
                    double[] meanSd = stats.get(name);
                    double z = Math.abs(signals.get(name).applyAsDouble(faulty) - meanSd[0]) / meanSd[1];
                    assertTrue(z > 4, fault + ": " + name + " z-score " + z + " in " + faulty);
                    weakest.merge(fault, z, Math::min);
                }
            });
        }
        assertEquals(EnumSet.allOf(SensorFault.class), weakest.keySet());
    }

    private interface SampleCheck {
        void check(FleetVehicle vehicle, Map<String, Object> normal, Map<String, Object> faulty);
    }

    private static void forEachSample(SensorFault fault, SampleCheck check) {
        for (FleetVehicle vehicle : SAMPLE) {
            for (int second = FROM_SECOND; second < FROM_SECOND + SECONDS; second++) {
                check.check(vehicle, TELEMETRY.reading(vehicle, second), TELEMETRY.reading(vehicle, second, fault));
            }
        }
    }

    private static Set<String> affected(SensorFault fault, FleetVehicle vehicle) {
        return switch (fault) {
            case COOLING_FAILURE -> Set.of("coolant_temp", "engine_vibration_amplitude");
            case TIRE_LEAK -> Set.of(TELEMETRY.leakingTire(vehicle));
            case BATTERY_FAULT -> Set.of("battery_voltage", "current_draw");
            case STUCK_SENSOR -> Set.of("intake_air_temp");
        };
    }

    private static double[] meanAndDeviation(List<Map<String, Object>> readings, ToDoubleFunction<Map<String, Object>> signal) {
        double mean = readings.stream().mapToDouble(signal).average().orElseThrow();
        double variance = readings.stream().mapToDouble(r -> Math.pow(signal.applyAsDouble(r) - mean, 2)).average().orElseThrow();
        return new double[]{mean, Math.sqrt(variance)};
    }

    private static double d(Map<String, Object> reading, String field) {
        return (Double) reading.get(field);
    }
}
