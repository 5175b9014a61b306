package io.fleetml.simulator;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic sample payment events of a vehicle fleet, shaped as in docs/data.md: the same seed and index always give
 * the same record, as a schemaless Map or as a Struct, so a test can regenerate what a connector sent and compare.
 * Every record carries real-looking PII (valid VINs and card numbers, names, e-mails, phones, PII in free text) so a
 * masking test has something to find.
 */
public final class FleetRecords {
    private static final String[] FIRST = {"Erika", "Max", "Lena", "Jonas", "Aylin", "Mateo", "Sofia", "Noah", "Mia", "Lukas"};
    private static final String[] LAST = {"Mustermann", "Schmidt", "Yilmaz", "Rossi", "Novak", "Garcia", "Dubois", "Jansen"};
    private static final String[] CATEGORIES = {"fuel", "ev_charging", "parking", "tolls", "car_wash", "in_car_entertainment", "food"};

    public static final Schema LOCATION_SCHEMA = SchemaBuilder.struct().name("fleetml.Location")
            .field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.FLOAT64_SCHEMA).build();
    public static final Schema PAYMENT_SCHEMA = SchemaBuilder.struct().name("fleetml.Payment")
            .field("payment_id", Schema.STRING_SCHEMA)
            .field("vin", Schema.STRING_SCHEMA)
            .field("driver_id", Schema.STRING_SCHEMA)
            .field("driver", SchemaBuilder.struct().name("fleetml.Driver")
                    .field("name", Schema.STRING_SCHEMA).field("email", Schema.STRING_SCHEMA).field("phone", Schema.STRING_SCHEMA).build())
            .field("card", SchemaBuilder.struct().name("fleetml.Card").field("number", Schema.STRING_SCHEMA).build())
            .field("merchant", SchemaBuilder.struct().name("fleetml.Merchant")
                    .field("id", Schema.STRING_SCHEMA).field("category", Schema.STRING_SCHEMA).field("location", LOCATION_SCHEMA).build())
            .field("amount", Schema.FLOAT64_SCHEMA)
            .field("currency", Schema.STRING_SCHEMA)
            .field("ts", Schema.INT64_SCHEMA)
            .field("vehicle", SchemaBuilder.struct().name("fleetml.VehicleContext")
                    .field("location", LOCATION_SCHEMA).field("speed", Schema.FLOAT64_SCHEMA)
                    .field("fuel_level", Schema.FLOAT64_SCHEMA).field("odometer_km", Schema.FLOAT64_SCHEMA).build())
            .field("notes", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final long seed;

    public FleetRecords(long seed) {
        this.seed = seed;
    }

    /** The payment event number {@code index} as a schemaless map, with nested maps for the objects. */
    public Map<String, Object> paymentMap(int index) {
        Payment p = payment(index);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("payment_id", p.paymentId);
        value.put("vin", p.vin);
        value.put("driver_id", p.driverId);
        value.put("driver", OrderedMaps.of("name", p.name, "email", p.email, "phone", p.phone));
        value.put("card", OrderedMaps.of("number", p.cardNumber));
        value.put("merchant", OrderedMaps.of("id", p.merchantId, "category", p.category,
                "location", OrderedMaps.of("lat", p.merchantLat, "lon", p.merchantLon)));
        value.put("amount", p.amount);
        value.put("currency", "EUR");
        value.put("ts", p.ts);
        value.put("vehicle", OrderedMaps.of("location", OrderedMaps.of("lat", p.vehicleLat, "lon", p.vehicleLon),
                "speed", p.speed, "fuel_level", p.fuelLevel, "odometer_km", p.odometerKm));
        value.put("notes", p.notes);
        return value;
    }

    /** The same event as {@link #paymentMap(int)}, as a Struct of {@link #PAYMENT_SCHEMA}. */
    public Struct paymentStruct(int index) {
        Payment p = payment(index);
        Schema merchant = PAYMENT_SCHEMA.field("merchant").schema();
        Schema vehicle = PAYMENT_SCHEMA.field("vehicle").schema();
        return new Struct(PAYMENT_SCHEMA)
                .put("payment_id", p.paymentId)
                .put("vin", p.vin)
                .put("driver_id", p.driverId)
                .put("driver", new Struct(PAYMENT_SCHEMA.field("driver").schema()).put("name", p.name).put("email", p.email).put("phone", p.phone))
                .put("card", new Struct(PAYMENT_SCHEMA.field("card").schema()).put("number", p.cardNumber))
                .put("merchant", new Struct(merchant).put("id", p.merchantId).put("category", p.category)
                        .put("location", new Struct(LOCATION_SCHEMA).put("lat", p.merchantLat).put("lon", p.merchantLon)))
                .put("amount", p.amount)
                .put("currency", "EUR")
                .put("ts", p.ts)
                .put("vehicle", new Struct(vehicle).put("speed", p.speed).put("fuel_level", p.fuelLevel).put("odometer_km", p.odometerKm)
                        .put("location", new Struct(LOCATION_SCHEMA).put("lat", p.vehicleLat).put("lon", p.vehicleLon)))
                .put("notes", p.notes);
    }

    /** The raw personal data planted in event {@code index}: none of it may survive masking. */
    public List<String> plantedPii(int index) {
        Payment p = payment(index);
        List<String> pii = new ArrayList<>(List.of(p.vin, p.driverId, p.name, p.email, p.phone, p.cardNumber,
                Double.toString(p.vehicleLat), Double.toString(p.vehicleLon)));
        pii.addAll(p.notePii);
        return pii;
    }

    public String paymentId(int index) {
        return payment(index).paymentId;
    }

    private Payment payment(int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        Payment p = new Payment();
        int vehicle = random.nextInt(500);
        SplittableRandom vehicleRandom = new SplittableRandom(seed * 7_919L + vehicle);
        p.paymentId = String.format("pay-%d-%08d", seed, index);
        p.vin = Identifiers.vin(vehicleRandom);
        p.driverId = String.format("DRV-%06d", vehicleRandom.nextInt(1_000_000));
        String first = FIRST[vehicleRandom.nextInt(FIRST.length)];
        String last = LAST[vehicleRandom.nextInt(LAST.length)];
        p.name = first + " " + last;
        p.email = (first + "." + last + vehicle).toLowerCase() + "@example.com";
        p.phone = String.format("+49 151 %07d", vehicleRandom.nextInt(10_000_000));
        p.cardNumber = Identifiers.luhnCompleted("4" + Identifiers.digits(vehicleRandom, 14));
        p.category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        p.merchantId = String.format("M-%05d", random.nextInt(100_000));
        p.vehicleLat = 47.0 + random.nextDouble() * 7.0;
        p.vehicleLon = 6.0 + random.nextDouble() * 9.0;
        p.merchantLat = p.vehicleLat + (random.nextDouble() - 0.5) * 0.01;
        p.merchantLon = p.vehicleLon + (random.nextDouble() - 0.5) * 0.01;
        p.amount = Math.round((5 + random.nextDouble() * 95) * 100) / 100.0;
        p.ts = 1_764_000_000_000L + index * 1_000L;
        p.speed = random.nextInt(4) == 0 ? random.nextDouble() * 30 : 0.0;
        p.fuelLevel = Math.round(random.nextDouble() * 1000) / 10.0;
        p.odometerKm = Math.round(random.nextDouble() * 2_000_000) / 10.0;
        switch (random.nextInt(4)) {
            case 0 -> {
                p.notes = "Please send the receipt to " + p.email + ", thanks";
                p.notePii.add(p.email);
            }
            case 1 -> {
                p.notes = "Call me on " + p.phone + " if the charger fails again";
                p.notePii.add(p.phone);
            }
            case 2 -> {
                String backup = Identifiers.luhnCompleted("5" + Identifiers.digits(random, 14));
                p.notes = "Declined, retried with card " + backup;
                p.notePii.add(backup);
            }
            default -> p.notes = "Paid at pump " + (1 + random.nextInt(12));
        }
        return p;
    }


    private static final class Payment {
        String paymentId;
        String vin;
        String driverId;
        String name;
        String email;
        String phone;
        String cardNumber;
        String category;
        String merchantId;
        double merchantLat;
        double merchantLon;
        double vehicleLat;
        double vehicleLon;
        double amount;
        long ts;
        double speed;
        double fuelLevel;
        double odometerKm;
        String notes;
        final List<String> notePii = new ArrayList<>();
    }
}
