package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plants known PII strings everywhere a payment record can carry them and proves that none survives masking, in any
 * part of the output record or its string form.
 */
class PiiCanaryTest {
    static final String EMAIL = "erika.canary@example.com";
    static final String CARD = "4539578763621486";
    static final String IBAN = "DE89370400440532013000";
    static final String PHONE = "+49 171 5550199";
    static final String VIN = "1M8GDM9AXKP042788";
    static final String NAME = "Erika Canary";
    static final String DRIVER_ID = "DRV-CANARY-0042";
    static final double LAT = 48.137154;
    static final double LON = 11.575382;
    static final String IDN_EMAIL = "jörg.canary@bücher.de";
    static final String FULL_WIDTH_CARD = "４５３９ ５７８７ ６３６２ １４８６";
    static final List<String> CANARIES = List.of(EMAIL, CARD, IBAN, PHONE, VIN, NAME, DRIVER_ID,
            "48.137154", "11.575382", "4539 5787 6362 1486", "DE89 3704 0044 0532 0130 00", "5550199",
            IDN_EMAIL, FULL_WIDTH_CARD, "4539.5787.6362.1486", "DE89-3704-0044-0532-0130-00", "089/5550199");

    static final Map<String, String> CONFIG = PiiMaskTest.props(
            "field.syntax.version", "V2",
            "hash.fields", "vin,driver_id,passengers.driver_id",
            "hash.key", PiiMaskTest.KEY,
            "partial.fields", "card.number",
            "redact.fields", "driver.name,passengers.name",
            "drop.fields", "driver.phone,driver.email,payout.iban",
            "geo.fields", "vehicle.location,merchant.location.lat,merchant.location.lon",
            "scan.fields", "notes,passengers.notes",
            "headers.fields", "vin,driver");

    static final Schema LOCATION = SchemaBuilder.struct().optional()
            .field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.FLOAT64_SCHEMA).build();
    static final Schema PASSENGER = SchemaBuilder.struct()
            .field("driver_id", Schema.STRING_SCHEMA).field("name", Schema.STRING_SCHEMA).field("notes", Schema.OPTIONAL_STRING_SCHEMA).build();
    static final Schema SCHEMA = SchemaBuilder.struct().name("payment")
            .field("vin", Schema.STRING_SCHEMA)
            .field("driver_id", Schema.STRING_SCHEMA)
            .field("driver", SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA).field("email", Schema.STRING_SCHEMA)
                    .field("phone", Schema.STRING_SCHEMA).build())
            .field("card", SchemaBuilder.struct().field("number", Schema.STRING_SCHEMA).build())
            .field("payout", SchemaBuilder.struct().field("iban", Schema.STRING_SCHEMA).optional().build())
            .field("merchant", SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).field("location", LOCATION).build())
            .field("vehicle", SchemaBuilder.struct().field("location", LOCATION).field("speed", Schema.FLOAT64_SCHEMA).build())
            .field("passengers", SchemaBuilder.array(PASSENGER).build())
            .field("notes", Schema.STRING_SCHEMA)
            .build();

    static String freeText() {
        return "Driver " + EMAIL + " paid with " + CARD + ", refund to " + IBAN + ", call " + PHONE + ", car " + VIN
                + "; spare card 4539 5787 6362 1486, old account DE89 3704 0044 0532 0130 00; also " + IDN_EMAIL + ", qty 3 "
                + FULL_WIDTH_CARD + ", paid 2024 4539.5787.6362.1486, DE89-3704-0044-0532-0130-00, office 089/5550199";
    }

    static Struct structRecord() {
        Schema driver = SCHEMA.field("driver").schema();
        Schema merchant = SCHEMA.field("merchant").schema();
        Schema vehicle = SCHEMA.field("vehicle").schema();
        return new Struct(SCHEMA)
                .put("vin", VIN)
                .put("driver_id", DRIVER_ID)
                .put("driver", new Struct(driver).put("name", NAME).put("email", EMAIL).put("phone", PHONE))
                .put("card", new Struct(SCHEMA.field("card").schema()).put("number", CARD))
                .put("payout", new Struct(SCHEMA.field("payout").schema()).put("iban", IBAN))
                .put("merchant", new Struct(merchant).put("id", "m-1").put("location", new Struct(LOCATION).put("lat", LAT).put("lon", LON)))
                .put("vehicle", new Struct(vehicle).put("speed", 88.0).put("location", new Struct(LOCATION).put("lat", LAT).put("lon", LON)))
                .put("passengers", List.of(new Struct(PASSENGER).put("driver_id", DRIVER_ID).put("name", NAME).put("notes", freeText())))
                .put("notes", freeText());
    }

    static Map<String, Object> mapRecord() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("vin", VIN);
        value.put("driver_id", DRIVER_ID);
        value.put("driver", Map.of("name", NAME, "email", EMAIL, "phone", PHONE));
        value.put("card", Map.of("number", CARD));
        value.put("payout", Map.of("iban", IBAN));
        value.put("merchant", Map.of("id", "m-1", "location", Map.of("lat", LAT, "lon", LON)));
        value.put("vehicle", Map.of("speed", 88.0, "location", Map.of("lat", LAT, "lon", LON)));
        value.put("passengers", List.of(Map.of("driver_id", DRIVER_ID, "name", NAME, "notes", freeText())));
        value.put("notes", freeText());
        return value;
    }

    static ConnectHeaders headers() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("vin", VIN);
        headers.addMap("driver", Map.of("name", NAME, "email", EMAIL, "phone", PHONE),
                SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build());
        return headers;
    }

    @Test
    void noCanarySurvivesInStructRecords() {
        assertNoCanary(mask(SCHEMA, structRecord()));
    }

    @Test
    void noCanarySurvivesInSchemalessRecords() {
        assertNoCanary(mask(null, mapRecord()));
    }

    @Test
    void noCanarySurvivesInTheKey() {
        PiiMask<SourceRecord> smt = new PiiMask.Key<>();
        smt.configure(CONFIG);
        SourceRecord out = smt.apply(new SourceRecord(null, null, "payments", 0, null, mapRecord(), null, null, 0L, headers()));
        assertNoCanary(out);
    }

    @Test
    void canariesArePresentBeforeMasking() {
        SourceRecord in = new SourceRecord(null, null, "payments", 0, null, null, SCHEMA, structRecord(), 0L, headers());
        String text = in + in.headers().toString() + in.value();
        for (String canary : CANARIES) {
            assertTrue(text.contains(canary), "the test record must plant " + canary);
        }
    }

    private static SourceRecord mask(Schema schema, Object value) {
        PiiMask<SourceRecord> smt = new PiiMask.Value<>();
        smt.configure(CONFIG);
        return smt.apply(new SourceRecord(null, null, "payments", 0, null, null, schema, value, 0L, headers()));
    }

    private static void assertNoCanary(SourceRecord out) {
        StringBuilder everything = new StringBuilder(out.toString()).append(out.key()).append(out.value());
        for (Header header : out.headers()) {
            everything.append(header.key()).append('=').append(header.value());
        }
        String text = everything.toString();
        for (String canary : CANARIES) {
            assertFalse(text.contains(canary), () -> "canary survived masking: " + canary + " in " + text);
        }
    }
}
