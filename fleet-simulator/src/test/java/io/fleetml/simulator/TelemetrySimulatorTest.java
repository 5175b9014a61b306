package io.fleetml.simulator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetrySimulatorTest {
    /** The telemetry fields of docs/data.md in order, then the two extra ones. */
    static final List<String> FIELDS = List.of("vin", "driver_id", "ts", "location", "speed", "coolant_temp",
            "intake_air_temp", "intake_air_flow_speed", "battery_percentage", "battery_voltage", "current_draw",
            "engine_vibration_amplitude", "throttle_pos", "tire_pressure_1_1", "tire_pressure_1_2", "tire_pressure_2_1",
            "tire_pressure_2_2", "accelerometer_1_1", "accelerometer_1_2", "accelerometer_2_1", "accelerometer_2_2",
            "control_unit_firmware", "fuel_level", "rpm", "odometer_km");
    /** The numeric signals an autoencoder reads, with the range every normal reading keeps to. */
    static final Map<String, double[]> NORMAL_RANGES = normalRanges();

    private static Map<String, double[]> normalRanges() {
        Map<String, double[]> ranges = new LinkedHashMap<>();
        ranges.put("speed", new double[]{15, 140});
        ranges.put("coolant_temp", new double[]{83, 97});
        ranges.put("intake_air_temp", new double[]{5, 45});
        ranges.put("intake_air_flow_speed", new double[]{3, 40});
        ranges.put("battery_percentage", new double[]{65, 100});
        ranges.put("battery_voltage", new double[]{13.0, 14.4});
        ranges.put("current_draw", new double[]{3, 25});
        ranges.put("engine_vibration_amplitude", new double[]{0.5, 4.5});
        ranges.put("throttle_pos", new double[]{0, 70});
        for (String tire : TelemetrySimulator.TIRES) {
            ranges.put(tire, new double[]{218, 245});
        }
        for (String accelerometer : List.of("accelerometer_1_1", "accelerometer_1_2", "accelerometer_2_1", "accelerometer_2_2")) {
            ranges.put(accelerometer, new double[]{0, 1});
        }
        ranges.put("fuel_level", new double[]{10, 100});
        ranges.put("rpm", new double[]{900, 4500});
        return ranges;
    }

    private final FleetVehicle vehicle = new PaymentSimulator(5, 3).vehicles().get(1);
    private final TelemetrySimulator telemetry = new TelemetrySimulator(5, PaymentSimulator.START_MS);

    @Test
    void vehicleAndSecondGiveTheSameReading() {
        assertEquals(telemetry.reading(vehicle, 42), new TelemetrySimulator(5, PaymentSimulator.START_MS).reading(vehicle, 42));
        assertEquals(telemetry.reading(vehicle, 42), telemetry.reading(vehicle, 42, null));
        assertNotEquals(telemetry.reading(vehicle, 42), telemetry.reading(vehicle, 43));
        assertNotEquals(telemetry.reading(vehicle, 42), new TelemetrySimulator(6, PaymentSimulator.START_MS).reading(vehicle, 42));
    }

    @Test
    void readingCarriesTheVehiclesIdentityItsSecondAndPlausibleSignals() {
        Map<String, Object> reading = telemetry.reading(vehicle, 10);
        assertEquals(vehicle.vin(), reading.get("vin"));
        assertEquals(vehicle.driverId(), reading.get("driver_id"));
        assertEquals(PaymentSimulator.START_MS + 10_000, reading.get("ts"));
        double speed = (Double) reading.get("speed");
        assertTrue(speed >= 15 && speed <= 140, "speed " + speed);
        double temp = (Double) reading.get("coolant_temp");
        assertTrue(temp > 83 && temp < 97, "coolant_temp " + temp);
        assertFalse(reading.containsKey("engine_temp"), "coolant_temp replaces engine_temp");
    }

    @Test
    void readingHasDataMdsFieldsInOrderWithTheirTypes() {
        Map<String, Object> reading = telemetry.reading(vehicle, 7);
        assertEquals(FIELDS, new ArrayList<>(reading.keySet()));
        assertInstanceOf(String.class, reading.get("vin"));
        assertInstanceOf(String.class, reading.get("driver_id"));
        assertInstanceOf(Long.class, reading.get("ts"));
        assertInstanceOf(Map.class, reading.get("location"));
        assertEquals(List.of("lat", "lon"), new ArrayList<>(((Map<?, ?>) reading.get("location")).keySet()));
        assertInstanceOf(Integer.class, reading.get("control_unit_firmware"));
        for (String field : NORMAL_RANGES.keySet()) {
            assertInstanceOf(Double.class, reading.get(field), field);
        }
        assertInstanceOf(Double.class, reading.get("odometer_km"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void vehicleMovesAwayFromHomeSecondBySecond() {
        Map<String, Object> first = (Map<String, Object>) telemetry.reading(vehicle, 0).get("location");
        Map<String, Object> later = (Map<String, Object>) telemetry.reading(vehicle, 600).get("location");
        double km = Geo.distanceKm((Double) first.get("lat"), (Double) first.get("lon"), (Double) later.get("lat"), (Double) later.get("lon"));
        assertTrue(km > 5 && km < 20, "moved " + km + " km in 10 minutes");
    }

    @Test
    void normalSignalsStayInPlausibleRangesAcrossTheFleet() {
        Set<Integer> firmware = new HashSet<>();
        for (Map<String, Object> reading : normalReadings(new PaymentSimulator(7, 200).vehicles(), 0, 60)) {
            for (Map.Entry<String, double[]> range : NORMAL_RANGES.entrySet()) {
                double value = (Double) reading.get(range.getKey());
                assertTrue(value >= range.getValue()[0] && value <= range.getValue()[1],
                        range.getKey() + " " + value + " in " + reading);
            }
            firmware.add((Integer) reading.get("control_unit_firmware"));
        }
        assertTrue(firmware.size() >= 2 && firmware.size() <= 4, "a few firmware versions: " + firmware);
    }

    @Test
    void normalSignalsAreCorrelatedAsInADrivingCar() {
        List<Map<String, Object>> readings = normalReadings(new PaymentSimulator(7, 200).vehicles(), 0, 60);
        assertTrue(correlation(readings, "throttle_pos", "speed") > 0.9);
        assertTrue(correlation(readings, "throttle_pos", "intake_air_flow_speed") > 0.9);
        assertTrue(correlation(readings, "speed", "rpm") > 0.9);
        assertTrue(correlation(readings, "rpm", "engine_vibration_amplitude") > 0.9);
        assertTrue(correlation(readings, "throttle_pos", "coolant_temp") > 0.4);
        assertTrue(correlation(readings, "battery_percentage", "current_draw") < -0.9);
        assertTrue(correlation(readings, "battery_percentage", "battery_voltage") > 0.7);
        assertTrue(correlation(readings, "speed", "accelerometer_1_1") > 0.8);
        assertTrue(correlation(readings, "accelerometer_1_1", "accelerometer_2_2") > 0.9);
    }

    @Test
    void eachVehicleDrivesSmoothly() {
        for (FleetVehicle v : new PaymentSimulator(7, 50).vehicles()) {
            for (int second = 0; second < 120; second++) {
                double now = (Double) telemetry.reading(v, second).get("speed");
                double next = (Double) telemetry.reading(v, second + 1).get("speed");
                assertTrue(Math.abs(next - now) < 30, "speed " + now + " then " + next);
            }
        }
    }

    @Test
    void odometerGrowsAndFuelFallsUntilARefill() {
        int refills = 0;
        for (int second = 0; second < 40_000; second += 100) {
            Map<String, Object> now = telemetry.reading(vehicle, second);
            Map<String, Object> next = telemetry.reading(vehicle, second + 100);
            assertTrue((Double) next.get("odometer_km") > (Double) now.get("odometer_km"));
            double fuel = (Double) now.get("fuel_level");
            double nextFuel = (Double) next.get("fuel_level");
            assertTrue(fuel >= 10 && fuel <= 100, "fuel " + fuel);
            if (nextFuel > fuel) {
                refills++;
            } else {
                assertEquals(0.5, fuel - nextFuel, 0.11);
            }
        }
        assertTrue(refills >= 1 && refills <= 3, refills + " refills in 11 hours");
    }

    static List<Map<String, Object>> normalReadings(List<FleetVehicle> vehicles, int fromSecond, int seconds) {
        TelemetrySimulator simulator = new TelemetrySimulator(7, PaymentSimulator.START_MS);
        List<Map<String, Object>> readings = new ArrayList<>();
        for (FleetVehicle v : vehicles) {
            for (int second = fromSecond; second < fromSecond + seconds; second++) {
                readings.add(simulator.reading(v, second));
            }
        }
        return readings;
    }

    private static double correlation(List<Map<String, Object>> readings, String x, String y) {
        double n = readings.size();
        double mx = 0;
        double my = 0;
        for (Map<String, Object> r : readings) {
            mx += (Double) r.get(x) / n;
            my += (Double) r.get(y) / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (Map<String, Object> r : readings) {
            double dx = (Double) r.get(x) - mx;
            double dy = (Double) r.get(y) - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
