package io.fleetml.simulator;

import java.util.Map;

/**
 * A vehicle of the simulated fleet with its driver and payment card, and the habits its normal payments follow.
 *
 * @param categoryWeights how often the vehicle pays in each merchant category (summing to 1; 0 for categories it never
 *                        uses, such as ev_charging for a vehicle that cannot plug in)
 * @param typicalAmount   the vehicle's usual spend in EUR per category it uses; fuel is instead priced per litre
 *                        filled, so its entry is a typical fill of 70% of the tank at 1.80 €/l
 */
public record FleetVehicle(String vin, String driverId, String driverName, String driverEmail, String driverPhone,
                           String cardNumber, double tankCapacityLitres, double homeLat, double homeLon,
                           double odometerStartKm, double dailyKm,
                           Map<String, Double> categoryWeights, Map<String, Double> typicalAmount) {
    public FleetVehicle {
        categoryWeights = Map.copyOf(categoryWeights);
        typicalAmount = Map.copyOf(typicalAmount);
    }
}
