package io.fleetml.simulator;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaymentSimulatorTest {
    private static final int COUNT = 20_000;
    private static final List<SimulatedPayment> PAYMENTS = new PaymentSimulator(11, 200).payments(COUNT);
    private static final Map<String, FleetVehicle> VEHICLES = new PaymentSimulator(11, 200).vehicles().stream()
            .collect(Collectors.toMap(FleetVehicle::vin, Function.identity()));

    @Test
    void sameSeedGivesTheSameVehiclesAndPayments() {
        PaymentSimulator again = new PaymentSimulator(11, 200);
        assertEquals(PAYMENTS.subList(0, 1000), again.payments(1000));
        assertEquals(PAYMENTS.get(12_345), again.payment(12_345));
        assertNotEquals(PAYMENTS.subList(0, 100), new PaymentSimulator(12, 200).payments(100));
    }

    @Test
    void paymentIdsAreUnique() {
        assertEquals(COUNT, PAYMENTS.stream().map(SimulatedPayment::paymentId).distinct().count());
    }

    @Test
    void fraudRateIsWithinHalfAPercentPointOfTheDefault() {
        double rate = PAYMENTS.stream().filter(SimulatedPayment::fraud).count() / (double) COUNT;
        assertEquals(PaymentSimulator.DEFAULT_FRAUD_RATE, rate, 0.005);
    }

    @Test
    void fraudRateCanBeChangedAndSwitchedOff() {
        PaymentSimulator fleet = new PaymentSimulator(11, 200);
        double rate = fleet.withFraudRate(0.10).payments(5_000).stream().filter(SimulatedPayment::fraud).count() / 5_000.0;
        assertEquals(0.10, rate, 0.015);
        assertTrue(fleet.withFraudRate(0).payments(5_000).stream().noneMatch(SimulatedPayment::fraud));
    }

    @Test
    void everyDefaultKindOccursAndDrivingFastOnlyWhenAskedFor() {
        Map<String, Long> byKind = PAYMENTS.stream().filter(SimulatedPayment::fraud)
                .collect(Collectors.groupingBy(SimulatedPayment::fraudKind, Collectors.counting()));
        assertEquals(PaymentSimulator.DEFAULT_FRAUD_KINDS.stream().map(FraudKind::label).collect(Collectors.toSet()),
                byKind.keySet());
        byKind.values().forEach(n -> assertTrue(n >= 50, "each kind occurs about 100 times: " + byKind));

        Set<String> allKinds = new PaymentSimulator(11, 200).withFraudKinds(EnumSet.allOf(FraudKind.class))
                .withFraudRate(0.2).payments(2_000).stream()
                .filter(SimulatedPayment::fraud).map(SimulatedPayment::fraudKind).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(FraudKind.class).stream().map(FraudKind::label).collect(Collectors.toSet()), allKinds);
    }

    @Test
    void normalPaymentsKeepToTheFleetsHabits() {
        int fuel = 0;
        for (SimulatedPayment payment : PAYMENTS) {
            if (payment.fraud()) {
                continue;
            }
            Map<String, Object> value = payment.value();
            assertNull(payment.fraudKind());
            assertTrue(merchantDistanceKm(value) < 2.0, payment.paymentId());
            assertTrue(number(value, "vehicle", "speed") < PaymentSimulator.NORMAL_MAX_SPEED, payment.paymentId());
            int hour = Instant.ofEpochMilli((Long) value.get("ts")).atZone(ZoneOffset.UTC).getHour();
            assertTrue(hour >= 5 && hour <= 23, payment.paymentId() + " at hour " + hour);
            double amount = (Double) value.get("amount");
            assertTrue(amount > 0, payment.paymentId());
            if (!"fuel".equals(category(value))) {
                assertTrue(amount <= 45, payment.paymentId() + " amount is above every non-fuel range");
            } else {
                fuel++;
                FleetVehicle vehicle = VEHICLES.get((String) value.get("vin"));
                assertTrue(amount <= vehicle.tankCapacityLitres() * PaymentSimulator.FUEL_PRICE_MAX,
                        payment.paymentId() + " buys more fuel than the tank holds");
            }
        }
        assertTrue(fuel > 3_000, "fuel is the most frequent category: " + fuel);
    }

    @Test
    void eachFraudKindShowsItsSign() {
        PaymentSimulator all = new PaymentSimulator(11, 200).withFraudKinds(EnumSet.allOf(FraudKind.class)).withFraudRate(0.5);
        for (SimulatedPayment payment : all.payments(4_000)) {
            if (!payment.fraud()) {
                continue;
            }
            Map<String, Object> value = payment.value();
            double amount = (Double) value.get("amount");
            FleetVehicle vehicle = VEHICLES.get((String) value.get("vin"));
            String id = payment.paymentId();
            switch (payment.fraudKind()) {
                case "amount" -> assertTrue(amount >= 4 * 15 && !"fuel".equals(category(value)), id);
                case "far_merchant" -> assertTrue(merchantDistanceKm(value) > 50, id);
                case "fuel_over_capacity" -> assertTrue("fuel".equals(category(value))
                        && amount > vehicle.tankCapacityLitres() * PaymentSimulator.FUEL_PRICE_MAX, id);
                case "unusual_hour" -> {
                    int hour = Instant.ofEpochMilli((Long) value.get("ts")).atZone(ZoneOffset.UTC).getHour();
                    assertTrue(hour >= 2 && hour <= 4, id + " at hour " + hour);
                }
                case "driving_fast" -> assertTrue(number(value, "vehicle", "speed") >= 60, id);
                default -> throw new AssertionError("unknown kind " + payment.fraudKind());
            }
        }
    }

    @Test
    void contextOfNormalPaymentsAgreesWithTheRecordAndStaysWithinTheDriversHabits() {
        for (SimulatedPayment payment : PAYMENTS) {
            if (payment.fraud()) {
                continue;
            }
            Map<String, Object> value = payment.value();
            String id = payment.paymentId();
            FleetVehicle vehicle = VEHICLES.get((String) value.get("vin"));
            double amount = (Double) value.get("amount");
            assertEquals(merchantDistanceKm(value), number(value, "context", "merchant_distance_km"), 0.002, id);
            assertEquals(amount / vehicle.typicalAmount().get(category(value)), number(value, "context", "amount_vs_usual"),
                    0.001, id);
            double fuelShare = number(value, "context", "fuel_litres_vs_tank");
            if ("fuel".equals(category(value))) {
                assertTrue(fuelShare > 0 && fuelShare <= 0.95, id + " fills " + fuelShare + " of the tank");
            } else {
                assertEquals(0.0, fuelShare, id);
            }
            assertEquals(0L, map(value, "context").get("minutes_outside_usual_hours"), id);
        }
    }

    @Test
    void contextShowsTheSignOfEachFraudKind() {
        PaymentSimulator all = new PaymentSimulator(11, 200).withFraudKinds(EnumSet.allOf(FraudKind.class)).withFraudRate(0.5);
        Map<String, Integer> seen = new HashMap<>();
        for (SimulatedPayment payment : all.payments(4_000)) {
            if (!payment.fraud()) {
                continue;
            }
            Map<String, Object> value = payment.value();
            String id = payment.paymentId();
            seen.merge(payment.fraudKind(), 1, Integer::sum);
            switch (payment.fraudKind()) {
                case "amount" -> assertTrue(number(value, "context", "amount_vs_usual") >= 4, id);
                case "far_merchant" -> assertTrue(number(value, "context", "merchant_distance_km") >= 60, id);
                case "fuel_over_capacity" -> assertTrue(number(value, "context", "fuel_litres_vs_tank") >= 1.5, id);
                case "unusual_hour" -> assertTrue((Long) map(value, "context").get("minutes_outside_usual_hours") >= 60, id);
                case "driving_fast" -> assertEquals(0L, map(value, "context").get("minutes_outside_usual_hours"), id);
                default -> throw new AssertionError("unknown kind " + payment.fraudKind());
            }
        }
        assertEquals(EnumSet.allOf(FraudKind.class).size(), seen.size(), "every kind was checked: " + seen);
    }

    @Test
    void cardNumbersPassTheLuhnCheck() {
        for (FleetVehicle vehicle : VEHICLES.values()) {
            assertTrue(luhn(vehicle.cardNumber()), vehicle.cardNumber());
            assertEquals(16, vehicle.cardNumber().length());
        }
        PAYMENTS.stream().limit(1_000).forEach(p -> assertTrue(luhn((String) map(p.value(), "card").get("number"))));
    }

    @Test
    void recordsHoldTheDataMdFieldsAndNoGroundTruth() {
        Set<String> expected = new TreeSet<>(List.of("payment_id", "vin", "driver_id", "driver", "driver.name",
                "driver.email", "driver.phone", "card", "card.number", "merchant", "merchant.id", "merchant.category",
                "merchant.location", "merchant.location.lat", "merchant.location.lon", "amount", "currency", "ts",
                "vehicle", "vehicle.location", "vehicle.location.lat", "vehicle.location.lon", "vehicle.speed",
                "vehicle.fuel_level", "vehicle.odometer_km", "notes", "context", "context.merchant_distance_km",
                "context.amount_vs_usual", "context.fuel_litres_vs_tank", "context.minutes_outside_usual_hours"));
        Set<String> labels = new HashSet<>();
        EnumSet.allOf(FraudKind.class).forEach(k -> labels.add(k.label()));
        for (SimulatedPayment payment : PAYMENTS.subList(0, 2_000)) {
            assertInstanceOf(LinkedHashMap.class, payment.value());
            Set<String> paths = new TreeSet<>();
            Map<String, Object> leaves = new HashMap<>();
            collect("", payment.value(), paths, leaves);
            assertEquals(expected, paths);
            for (Object leaf : leaves.values()) {
                assertFalse(labels.contains(leaf), payment.paymentId() + " carries its fraud kind");
                assertFalse(leaf instanceof Boolean, payment.paymentId() + " carries a flag");
            }
        }
    }

    @Test
    void someNotesCarryPersonalDataForTheFreeTextScan() {
        List<String> notes = PAYMENTS.stream().limit(2_000).map(p -> (String) p.value().get("notes")).toList();
        assertTrue(notes.stream().anyMatch(n -> n.contains("@example.com")));
        assertTrue(notes.stream().anyMatch(n -> n.contains("Call me on +")));
        assertTrue(notes.stream().anyMatch(n -> n.contains("retried with card 5")));
        assertTrue(notes.stream().filter(n -> n.contains("@") || n.contains("+") || n.contains("card 5")).count() < 800);
    }

    private static void collect(String prefix, Map<String, Object> map, Set<String> paths, Map<String, Object> leaves) {
        map.forEach((key, value) -> {
            String path = prefix + key;
            paths.add(path);
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) nested;
                collect(path + ".", child, paths, leaves);
            } else {
                leaves.put(path, value);
            }
        });
    }

    private static double merchantDistanceKm(Map<String, Object> value) {
        Map<String, Object> vehicle = map(map(value, "vehicle"), "location");
        Map<String, Object> merchant = map(map(value, "merchant"), "location");
        return Geo.distanceKm((Double) vehicle.get("lat"), (Double) vehicle.get("lon"),
                (Double) merchant.get("lat"), (Double) merchant.get("lon"));
    }

    private static String category(Map<String, Object> value) {
        return (String) map(value, "merchant").get("category");
    }

    private static double number(Map<String, Object> value, String object, String field) {
        return (Double) map(value, object).get(field);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> value, String field) {
        return (Map<String, Object>) value.get(field);
    }

    private static boolean luhn(String number) {
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int d = number.charAt(number.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
