package io.fleetml.simulator;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static io.fleetml.simulator.SimulatedDraws.clamp;
import static io.fleetml.simulator.SimulatedDraws.mix;
import static io.fleetml.simulator.SimulatedDraws.round;
import static io.fleetml.simulator.SimulatedDraws.uniform;

/**
 * Payment events of a simulated fleet, as in docs/data.md, with injected fraud and its ground truth: training and test data
 * for the fraud model, with the vehicle's own context (position, speed, fuel level, odometer) in every event so a
 * stateless model can judge it.
 *
 * <p>The simulator also plays the payment backend, which knows more than one payment shows: the vehicle's tank, where
 * the vehicle was when the card was used, and the driver's usual amounts and hours per category. It adds that as the
 * {@code context} object (see docs/data.md), computed from the vehicle's habits below, never from whether the payment
 * is fraud. Adding it draws no random numbers, so every other field is what it was without it.
 *
 * <p>Normal payments follow each vehicle's habits: categories it uses, its usual spend per category, merchants within
 * 2 km of the vehicle, the vehicle stopped or below 5 km/h, category-typical hours (UTC), and fuel fills that fit the
 * tank (the fuel level is read after pumping). A share of payments ({@link #DEFAULT_FRAUD_RATE} unless changed) is
 * fraud of one {@link FraudKind}, chosen evenly among the enabled kinds.
 *
 * <p>Deterministic: the same seed, fleet size, rate and kinds give the same vehicles, and payment {@code i} is always
 * the same event, so a test can regenerate any record. Payment {@code i} belongs to vehicle {@code i % vehicles};
 * each vehicle pays about three times a day from {@link #START_MS} on.
 */
public final class PaymentSimulator {
    public static final List<String> CATEGORIES =
            List.of("fuel", "ev_charging", "parking", "tolls", "car_wash", "in_car_entertainment", "food");
    public static final double DEFAULT_FRAUD_RATE = 0.02;
    public static final Set<FraudKind> DEFAULT_FRAUD_KINDS =
            Set.copyOf(EnumSet.of(FraudKind.AMOUNT, FraudKind.FAR_MERCHANT, FraudKind.FUEL_OVER_CAPACITY, FraudKind.UNUSUAL_HOUR));
    /** 2025-11-24T00:00:00Z. */
    public static final long START_MS = 1_763_942_400_000L;
    /** Normal merchants are at most this far from the vehicle. */
    public static final double NORMAL_MERCHANT_MAX_KM = 1.9;
    public static final double FAR_MERCHANT_MIN_KM = 60;
    /** Normal payments happen below this speed (km/h). */
    public static final double NORMAL_MAX_SPEED = 5;
    public static final double FUEL_PRICE_MIN = 1.60;
    public static final double FUEL_PRICE_MAX = 2.00;

    private static final int PAYMENTS_PER_DAY = 3;
    private static final long MS_PER_HOUR = 3_600_000L;
    private static final long MS_PER_DAY = 24 * MS_PER_HOUR;
    private static final long VEHICLE_STREAM = 1;
    private static final long PAYMENT_STREAM = 2;

    /** Normal amount range in EUR (not used for fuel) and normal hours (UTC, from first to last) per category. */
    private record Habit(double minAmount, double maxAmount, double firstHour, double lastHour, double weight) {
    }

    private static final Map<String, Habit> HABITS = habits();

    private static Map<String, Habit> habits() {
        Map<String, Habit> habits = new LinkedHashMap<>();
        habits.put("fuel", new Habit(0, 0, 6, 22, 0.30));
        habits.put("ev_charging", new Habit(8, 45, 6, 23, 0.15));
        habits.put("parking", new Habit(1.5, 25, 7, 21, 0.20));
        habits.put("tolls", new Habit(2, 40, 5, 22, 0.12));
        habits.put("car_wash", new Habit(6, 30, 8, 19, 0.06));
        habits.put("in_car_entertainment", new Habit(1, 15, 8, 23, 0.07));
        habits.put("food", new Habit(4, 35, 7, 22, 0.15));
        return habits;
    }

    private static final double[][] CITIES = {
            {48.137, 11.575}, {52.520, 13.405}, {53.551, 9.994}, {50.110, 8.682}, {48.857, 2.352}, {45.764, 4.836},
            {45.464, 9.190}, {48.208, 16.373}, {47.377, 8.541}, {52.368, 4.904}, {50.850, 4.352}, {50.076, 14.438},
            {52.230, 21.012}, {40.417, -3.704}, {41.385, 2.173}, {55.676, 12.568}};
    private static final String[] FIRST = {"Erika", "Max", "Lena", "Jonas", "Aylin", "Mateo", "Sofia", "Noah", "Mia",
            "Lukas", "Chloé", "Luca", "Zofia", "Jan", "Inès", "Emil"};
    private static final String[] LAST = {"Mustermann", "Schmidt", "Yilmaz", "Rossi", "Novak", "Garcia", "Dubois",
            "Jansen", "Kowalski", "Nielsen", "Martin", "Bauer"};
    private static final String[] PHONE_PREFIXES = {"+49 151 ", "+33 6 ", "+39 347 ", "+43 664 ", "+31 6 "};
    private static final String[] PLAIN_NOTES = {"Paid at pump %d", "Receipt in the app please", "Charger %d was slow",
            "Bay %d", "Business trip", "Customer visit, receipt for expenses", "Lane %d"};

    private final long seed;
    private final List<FleetVehicle> vehicles;
    private final double fraudRate;
    private final List<FraudKind> fraudKinds;

    /** A fleet of {@code vehicles} vehicles with the default fraud rate and kinds. */
    public PaymentSimulator(long seed, int vehicles) {
        this(seed, fleet(seed, vehicles), DEFAULT_FRAUD_RATE, DEFAULT_FRAUD_KINDS);
    }

    private PaymentSimulator(long seed, List<FleetVehicle> vehicles, double fraudRate, Set<FraudKind> fraudKinds) {
        if (!(fraudRate >= 0 && fraudRate <= 1)) {
            throw new IllegalArgumentException("fraud rate must be between 0 and 1, got " + fraudRate);
        }
        if (fraudRate > 0 && fraudKinds.isEmpty()) {
            throw new IllegalArgumentException("a fraud rate above 0 needs at least one fraud kind");
        }
        this.seed = seed;
        this.vehicles = vehicles;
        this.fraudRate = fraudRate;
        this.fraudKinds = fraudKinds.stream().sorted().toList();
    }

    /** The same fleet with fraud injected into this share of payments (0 to 1). */
    public PaymentSimulator withFraudRate(double rate) {
        return new PaymentSimulator(seed, vehicles, rate, Set.copyOf(fraudKinds));
    }

    /** The same fleet injecting only these kinds, e.g. all of {@link FraudKind} to include paying while driving fast. */
    public PaymentSimulator withFraudKinds(Set<FraudKind> kinds) {
        return new PaymentSimulator(seed, vehicles, fraudRate, kinds);
    }

    public List<FleetVehicle> vehicles() {
        return vehicles;
    }

    /** Payments 0 to {@code count - 1}. */
    public List<SimulatedPayment> payments(int count) {
        List<SimulatedPayment> payments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payments.add(payment(i));
        }
        return payments;
    }

    public SimulatedPayment payment(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("payment index must not be negative, got " + index);
        }
        FleetVehicle vehicle = vehicles.get(index % vehicles.size());
        int day = index / vehicles.size() / PAYMENTS_PER_DAY;
        SplittableRandom random = new SplittableRandom(mix(seed, PAYMENT_STREAM, index));
        FraudKind kind = random.nextDouble() < fraudRate ? fraudKinds.get(random.nextInt(fraudKinds.size())) : null;

        String category = kind == FraudKind.FUEL_OVER_CAPACITY
                ? "fuel" : pickCategory(vehicle, random, kind != FraudKind.AMOUNT);
        Habit habit = HABITS.get(category);

        double hour = kind == FraudKind.UNUSUAL_HOUR ? uniform(random, 2, 4) : uniform(random, habit.firstHour, habit.lastHour);
        long ts = START_MS + day * MS_PER_DAY + Math.round(hour * MS_PER_HOUR);
        double odometer = vehicle.odometerStartKm() + (day + hour / 24) * vehicle.dailyKm();

        double[] position = Geo.destination(vehicle.homeLat(), vehicle.homeLon(),
                40 * Math.sqrt(random.nextDouble()), random.nextDouble() * 2 * Math.PI);
        double merchantKm = kind == FraudKind.FAR_MERCHANT
                ? uniform(random, FAR_MERCHANT_MIN_KM, 900) : uniform(random, 0.02, NORMAL_MERCHANT_MAX_KM);
        double[] merchant = Geo.destination(position[0], position[1], merchantKm, random.nextDouble() * 2 * Math.PI);

        double speed;
        if (kind == FraudKind.DRIVING_FAST) {
            speed = uniform(random, 60, 140);
        } else {
            speed = random.nextDouble() < 0.7 ? 0.0 : uniform(random, 0.1, NORMAL_MAX_SPEED - 0.1);
        }

        double amount;
        double fuelLevel;
        double litres = 0;
        if (category.equals("fuel")) {
            double price = uniform(random, FUEL_PRICE_MIN, FUEL_PRICE_MAX);
            double before = uniform(random, 5, 45);
            if (kind == FraudKind.FUEL_OVER_CAPACITY) {
                amount = vehicle.tankCapacityLitres() * uniform(random, 1.5, 3.0) * price;
                // Mostly the fuel went into cans or another vehicle, leaving this one's level; sometimes it was filled too.
                fuelLevel = random.nextDouble() < 0.4 ? 100.0 : before;
            } else {
                fuelLevel = random.nextDouble() < 0.8 ? 100.0 : uniform(random, before + 20, 95);
                amount = (fuelLevel - before) / 100 * vehicle.tankCapacityLitres() * price;
            }
            litres = amount / price;
        } else {
            amount = kind == FraudKind.AMOUNT
                    ? habit.maxAmount * uniform(random, 4, 12)
                    : clamp(vehicle.typicalAmount().get(category) * Math.exp(0.25 * random.nextGaussian()),
                            habit.minAmount, habit.maxAmount);
            fuelLevel = uniform(random, 10, 95);
        }

        Map<String, Object> value = new LinkedHashMap<>();
        value.put("payment_id", String.format("sim-%d-%08d", seed, index));
        value.put("vin", vehicle.vin());
        value.put("driver_id", vehicle.driverId());
        value.put("driver", OrderedMaps.of("name", vehicle.driverName(), "email", vehicle.driverEmail(), "phone", vehicle.driverPhone()));
        value.put("card", OrderedMaps.of("number", vehicle.cardNumber()));
        value.put("merchant", OrderedMaps.of("id", String.format("M-%05d", random.nextInt(100_000)), "category", category,
                "location", location(merchant)));
        value.put("amount", round(amount, 2));
        value.put("currency", "EUR");
        value.put("ts", ts);
        value.put("vehicle", OrderedMaps.of("location", location(position), "speed", round(speed, 1),
                "fuel_level", round(fuelLevel, 1), "odometer_km", round(odometer, 1)));
        value.put("notes", notes(vehicle, random));
        value.put("context", OrderedMaps.of(
                "merchant_distance_km", round(merchantKm, 3),
                "amount_vs_usual", round(round(amount, 2) / vehicle.typicalAmount().get(category), 3),
                "fuel_litres_vs_tank", round(litres / vehicle.tankCapacityLitres(), 3),
                "minutes_outside_usual_hours", Math.round(hoursOutside(hour, habit) * 60)));
        return new SimulatedPayment(value, kind != null, kind == null ? null : kind.label());
    }

    /** How far the time of day lies outside the category's usual hours, around midnight too; 0 within them. */
    private static double hoursOutside(double hour, Habit habit) {
        if (hour >= habit.firstHour && hour <= habit.lastHour) {
            return 0;
        }
        return Math.min(circularHours(hour, habit.firstHour), circularHours(hour, habit.lastHour));
    }

    private static double circularHours(double from, double to) {
        double apart = Math.abs(from - to) % 24;
        return Math.min(apart, 24 - apart);
    }

    /** A category by the vehicle's weights; without fuel when {@code withFuel} is false. */
    private static String pickCategory(FleetVehicle vehicle, SplittableRandom random, boolean withFuel) {
        double total = 0;
        for (String category : CATEGORIES) {
            if (withFuel || !category.equals("fuel")) {
                total += vehicle.categoryWeights().get(category);
            }
        }
        double r = random.nextDouble() * total;
        String chosen = null;
        for (String category : CATEGORIES) {
            if (withFuel || !category.equals("fuel")) {
                double weight = vehicle.categoryWeights().get(category);
                if (weight > 0) {
                    chosen = category;
                    r -= weight;
                    if (r < 0) {
                        break;
                    }
                }
            }
        }
        return chosen;
    }

    private static String notes(FleetVehicle vehicle, SplittableRandom random) {
        double r = random.nextDouble();
        if (r < 0.15) {
            return "Please send the receipt to " + vehicle.driverEmail() + ", thanks";
        }
        if (r < 0.25) {
            return "Call me on " + vehicle.driverPhone() + " if the terminal fails again";
        }
        if (r < 0.30) {
            return "Declined, retried with card " + Identifiers.luhnCompleted("5" + Identifiers.digits(random, 14));
        }
        return String.format(PLAIN_NOTES[random.nextInt(PLAIN_NOTES.length)], 1 + random.nextInt(12));
    }

    private static List<FleetVehicle> fleet(long seed, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a fleet needs at least one vehicle, got " + size);
        }
        List<FleetVehicle> fleet = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            fleet.add(vehicle(new SplittableRandom(mix(seed, VEHICLE_STREAM, i)), i));
        }
        return List.copyOf(fleet);
    }

    private static FleetVehicle vehicle(SplittableRandom random, int number) {
        String vin = Identifiers.vin(random);
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        String phone = PHONE_PREFIXES[random.nextInt(PHONE_PREFIXES.length)] + Identifiers.digits(random, 7);
        double[] city = CITIES[random.nextInt(CITIES.length)];
        double[] home = Geo.destination(city[0], city[1], 15 * Math.sqrt(random.nextDouble()), random.nextDouble() * 2 * Math.PI);
        double tank = round(uniform(random, 45, 70), 0);
        boolean plugsIn = random.nextDouble() < 0.3;

        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, Double> typical = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Habit> entry : HABITS.entrySet()) {
            String category = entry.getKey();
            Habit habit = entry.getValue();
            double weight = category.equals("ev_charging") && !plugsIn ? 0 : habit.weight * uniform(random, 0.5, 1.5);
            weights.put(category, weight);
            total += weight;
            if (weight > 0) {
                typical.put(category, category.equals("fuel")
                        ? round(0.7 * tank * 1.80, 2)
                        : round(clamp(Math.sqrt(habit.minAmount * habit.maxAmount) * uniform(random, 0.7, 1.4),
                                habit.minAmount, habit.maxAmount), 2));
            }
        }
        for (Map.Entry<String, Double> entry : weights.entrySet()) {
            entry.setValue(entry.getValue() / total);
        }
        return new FleetVehicle(vin, String.format("DRV-%06d", random.nextInt(1_000_000)), first + " " + last,
                (first + "." + last + number).toLowerCase(Locale.ROOT) + "@example.com", phone,
                Identifiers.luhnCompleted("4" + Identifiers.digits(random, 14)), tank, round(home[0], 6), round(home[1], 6),
                round(uniform(random, 5_000, 150_000), 1), uniform(random, 40, 250), weights, typical);
    }

    private static Map<String, Object> location(double[] latLon) {
        return OrderedMaps.of("lat", round(latLon[0], 6), "lon", round(latLon[1], 6));
    }


}
