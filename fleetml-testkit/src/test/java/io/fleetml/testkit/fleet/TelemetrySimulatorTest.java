package io.fleetml.testkit.fleet;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetrySimulatorTest {
    private final FleetVehicle vehicle = new PaymentSimulator(5, 3).vehicles().get(1);
    private final TelemetrySimulator telemetry = new TelemetrySimulator(5, PaymentSimulator.START_MS);

    @Test
    void vehicleAndSecondGiveTheSameReading() {
        assertEquals(telemetry.reading(vehicle, 42), new TelemetrySimulator(5, PaymentSimulator.START_MS).reading(vehicle, 42));
        assertNotEquals(telemetry.reading(vehicle, 42), telemetry.reading(vehicle, 43));
    }

    @Test
    void readingCarriesTheVehiclesIdentityItsSecondAndPlausibleSignals() {
        Map<String, Object> reading = telemetry.reading(vehicle, 10);
        assertEquals(vehicle.vin(), reading.get("vin"));
        assertEquals(vehicle.driverId(), reading.get("driver_id"));
        assertEquals(PaymentSimulator.START_MS + 10_000, reading.get("ts"));
        double speed = (Double) reading.get("speed");
        assertTrue(speed >= 30 && speed <= 120, "speed " + speed);
        double temp = (Double) reading.get("engine_temp");
        assertTrue(temp > 70 && temp < 110, "engine_temp " + temp);
    }

    @Test
    @SuppressWarnings("unchecked")
    void vehicleMovesAwayFromHomeSecondBySecond() {
        Map<String, Object> first = (Map<String, Object>) telemetry.reading(vehicle, 0).get("location");
        Map<String, Object> later = (Map<String, Object>) telemetry.reading(vehicle, 600).get("location");
        double km = Geo.distanceKm((Double) first.get("lat"), (Double) first.get("lon"), (Double) later.get("lat"), (Double) later.get("lon"));
        assertTrue(km > 5 && km < 20, "moved " + km + " km in 10 minutes");
    }
}
