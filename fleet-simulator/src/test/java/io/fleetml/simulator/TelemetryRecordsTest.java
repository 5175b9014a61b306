package io.fleetml.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TelemetryRecordsTest {
    private static final Set<String> DATA_MD_FIELDS = new TreeSet<>(List.of("vin", "ts", "driver_id", "location", "speed",
            "coolant_temp", "intake_air_temp", "intake_air_flow_speed", "battery_percentage", "battery_voltage", "current_draw",
            "engine_vibration_amplitude", "throttle_pos", "tire_pressure_1_1", "tire_pressure_1_2", "tire_pressure_2_1",
            "tire_pressure_2_2", "accelerometer_1_1", "accelerometer_1_2", "accelerometer_2_1", "accelerometer_2_2",
            "control_unit_firmware", "fuel_level"));

    @Test
    void readingsHaveTheFieldsOfDataMdAndAreDeterministic() {
        TelemetryRecords telemetry = new TelemetryRecords(3, 10);
        Map<String, Object> reading = telemetry.reading(42);
        assertEquals(DATA_MD_FIELDS, new TreeSet<>(reading.keySet()));
        assertEquals(reading, new TelemetryRecords(3, 10).reading(42));
        assertNotEquals(reading, new TelemetryRecords(4, 10).reading(42));
    }

    @Test
    void eachVehicleReportsOncePerSecondUnderItsOwnValidVin() {
        TelemetryRecords telemetry = new TelemetryRecords(3, 10);
        Map<String, Object> first = telemetry.reading(2);
        Map<String, Object> next = telemetry.reading(12);
        assertEquals(first.get("vin"), next.get("vin"));
        assertEquals(first.get("driver_id"), next.get("driver_id"));
        assertEquals(1_000L, (Long) next.get("ts") - (Long) first.get("ts"));
        assertNotEquals(first.get("location"), next.get("location"), "the vehicle moves");
        assertNotEquals(first.get("vin"), telemetry.reading(3).get("vin"));
        String vin = telemetry.vin(2);
        assertEquals(vin, first.get("vin"));
        assertEquals(17, vin.length());
        assertEquals(vin.charAt(8), Identifiers.vinCheckDigit(vin.toCharArray()));
    }

    @Test
    void plantedPiiIsTheIdentityAndTheFullPrecisionPosition() {
        TelemetryRecords telemetry = new TelemetryRecords(3, 10);
        @SuppressWarnings("unchecked")
        Map<String, Object> location = (Map<String, Object>) telemetry.reading(5).get("location");
        List<String> pii = telemetry.plantedPii(5);
        assertEquals(List.of(telemetry.vin(5), (String) telemetry.reading(5).get("driver_id"),
                location.get("lat").toString(), location.get("lon").toString()), pii);
        assertTrue(location.get("lat").toString().length() > 8, "full precision, so a generalized value cannot contain it");
    }
}
