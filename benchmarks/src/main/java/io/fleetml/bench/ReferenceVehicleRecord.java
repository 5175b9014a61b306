package io.fleetml.bench;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * The reference record of the masking benchmarks: a vehicle payment event with 12 top-level fields and nested driver,
 * location and payment objects, as a Struct and as a schemaless Map with the same content.
 */
final class ReferenceVehicleRecord {
    static final String NOTES = "Charging stop, driver asked for a receipt to erika.mustermann@example.com, "
            + "callback +49 171 5550199, card 4539 5787 6362 1486 was declined once.";

    static final Schema LOCATION = SchemaBuilder.struct().name("location")
            .field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.FLOAT64_SCHEMA).build();
    static final Schema DRIVER = SchemaBuilder.struct().name("driver")
            .field("name", Schema.STRING_SCHEMA).field("email", Schema.STRING_SCHEMA).field("phone", Schema.STRING_SCHEMA).build();
    static final Schema PAYMENT = SchemaBuilder.struct().name("payment")
            .field("card_number", Schema.STRING_SCHEMA).field("amount", Schema.FLOAT64_SCHEMA)
            .field("currency", Schema.STRING_SCHEMA).field("merchant_id", Schema.STRING_SCHEMA).build();
    static final Schema SCHEMA = SchemaBuilder.struct().name("vehicle_payment")
            .field("vin", Schema.STRING_SCHEMA)
            .field("driver_id", Schema.STRING_SCHEMA)
            .field("ts", Schema.INT64_SCHEMA)
            .field("speed", Schema.FLOAT64_SCHEMA)
            .field("fuel_level", Schema.FLOAT64_SCHEMA)
            .field("odometer_km", Schema.FLOAT64_SCHEMA)
            .field("control_unit_firmware", Schema.INT32_SCHEMA)
            .field("event_type", Schema.STRING_SCHEMA)
            .field("location", LOCATION)
            .field("driver", DRIVER)
            .field("payment", PAYMENT)
            .field("notes", Schema.STRING_SCHEMA)
            .build();

    private ReferenceVehicleRecord() {
    }

    /** A fleet's worth of the reference record: vehicle {@code i} has its own VIN and driver. */
    static SourceRecord[] fleet(int vehicles, boolean withSchema) {
        SourceRecord[] records = new SourceRecord[vehicles];
        for (int i = 0; i < vehicles; i++) {
            records[i] = withSchema ? struct(vin(i), driverId(i)) : map(vin(i), driverId(i));
        }
        return records;
    }

    static String vin(int i) {
        return String.format("1M8GDM9A%09d", i);
    }

    static String driverId(int i) {
        return String.format("DRV-%06d", i);
    }

    static SourceRecord struct(String vin, String driverId) {
        Struct value = new Struct(SCHEMA)
                .put("vin", vin)
                .put("driver_id", driverId)
                .put("ts", 1_764_000_000_000L)
                .put("speed", 87.5)
                .put("fuel_level", 41.2)
                .put("odometer_km", 48_211.7)
                .put("control_unit_firmware", 2034)
                .put("event_type", "payment")
                .put("location", new Struct(LOCATION).put("lat", 48.137154).put("lon", 11.575382))
                .put("driver", new Struct(DRIVER).put("name", "Erika Mustermann").put("email", "erika.mustermann@example.com")
                        .put("phone", "+49 171 5550199"))
                .put("payment", new Struct(PAYMENT).put("card_number", "4539578763621486").put("amount", 54.20)
                        .put("currency", "EUR").put("merchant_id", "M-7731"))
                .put("notes", NOTES);
        return new SourceRecord(null, null, "payments", 0, null, null, SCHEMA, value);
    }

    static SourceRecord map(String vin, String driverId) {
        Map<String, Object> value = new HashMap<>();
        value.put("vin", vin);
        value.put("driver_id", driverId);
        value.put("ts", 1_764_000_000_000L);
        value.put("speed", 87.5);
        value.put("fuel_level", 41.2);
        value.put("odometer_km", 48_211.7);
        value.put("control_unit_firmware", 2034);
        value.put("event_type", "payment");
        value.put("location", new HashMap<>(Map.of("lat", 48.137154, "lon", 11.575382)));
        value.put("driver", new HashMap<>(Map.of("name", "Erika Mustermann", "email", "erika.mustermann@example.com",
                "phone", "+49 171 5550199")));
        value.put("payment", new HashMap<>(Map.of("card_number", "4539578763621486", "amount", 54.20,
                "currency", "EUR", "merchant_id", "M-7731")));
        value.put("notes", NOTES);
        return new SourceRecord(null, null, "payments", 0, null, null, null, value);
    }
}
