package io.fleetml.demo;

import io.fleetml.simulator.FleetVehicle;
import io.fleetml.simulator.PaymentSimulator;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlantedPiiTest {
    private final FleetVehicle vehicle = new PaymentSimulator(3, 2).vehicles().get(0);

    @Test
    void findsEachPlantedStringAnywhereInTextAndSaysItsKind() {
        PlantedPii planted = new PlantedPii();
        planted.addVehicle(vehicle);
        String text = "{\"note\":\"x" + vehicle.driverEmail() + "y\",\"card\":\"" + vehicle.cardNumber() + "\"}";
        assertEquals(Set.of(vehicle.driverEmail(), vehicle.cardNumber()), planted.foundIn(text));
        assertEquals("driver_email", planted.kindOf(vehicle.driverEmail()));
        assertEquals("card_number", planted.kindOf(vehicle.cardNumber()));
    }

    @Test
    void maskedFormsAreNotFound() {
        PlantedPii planted = new PlantedPii();
        planted.addVehicle(vehicle);
        String card = vehicle.cardNumber();
        String masked = "*".repeat(card.length() - 4) + card.substring(card.length() - 4);
        assertEquals(Set.of(), planted.foundIn("{\"card\":\"" + masked + "\",\"driver\":{\"name\":\"\"}}"));
    }

    @Test
    void onlyPositionsMorePreciseThanMaskingCount() {
        PlantedPii planted = new PlantedPii();
        planted.addLocation(Map.of("lat", 48.137234, "lon", 11.58));
        assertEquals(1, planted.size());
        assertEquals(Set.of("48.137234"), planted.foundIn("{\"lat\":48.137234,\"lon\":11.58}"));
        assertEquals(Set.of(), planted.foundIn("{\"lat\":48.13,\"lon\":11.58}"));
        assertEquals(Set.of("48.137234"), planted.foundIn("[-48.137234]"), "a negative coordinate is that position too");
        assertEquals(Set.of(), planted.foundIn("{\"anomaly_score\":248.1372345512}"), "inside a longer number by chance");
    }
}
