package io.fleetml.connect.pii;

import io.fleetml.connect.common.FieldPath;
import io.fleetml.connect.common.FieldSyntax;
import io.fleetml.connect.common.config.CrossSettingRule;
import io.fleetml.connect.common.config.EnumSetting;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Settings of {@link PiiMask}: which fields get which action, and how each action behaves. */
public final class PiiMaskConfig extends AbstractConfig {
    /** The path that names the whole key or value (for a plain string key such as a VIN). */
    public static final String WHOLE_RECORD_PATH = "$";

    public static final String FIELD_SYNTAX_VERSION_CONFIG = FieldSyntax.FIELD_SYNTAX_VERSION_CONFIG;
    public static final String HASH_FIELDS_CONFIG = "hash.fields";
    public static final String HASH_KEY_CONFIG = "hash.key";
    public static final String HASH_KEY_ID_CONFIG = "hash.key.id";
    public static final String HASH_KEY_ID_HEADER_CONFIG = "hash.key.id.header";
    public static final String HASH_ENCODING_CONFIG = "hash.encoding";
    public static final String HASH_CACHE_SIZE_CONFIG = "hash.cache.size";
    public static final String REDACT_FIELDS_CONFIG = "redact.fields";
    public static final String REDACT_REPLACEMENT_CONFIG = "redact.replacement";
    public static final String DROP_FIELDS_CONFIG = "drop.fields";
    public static final String PARTIAL_FIELDS_CONFIG = "partial.fields";
    public static final String PARTIAL_KEEP_LAST_CONFIG = "partial.keep.last";
    public static final String PARTIAL_MASK_CHAR_CONFIG = "partial.mask.char";
    public static final String GEO_FIELDS_CONFIG = "geo.fields";
    public static final String GEO_DECIMALS_CONFIG = "geo.decimals";
    public static final String GEO_GEOHASH_LENGTH_CONFIG = "geo.geohash.length";
    public static final String SCAN_FIELDS_CONFIG = "scan.fields";
    public static final String SCAN_DETECTORS_CONFIG = "scan.detectors";
    public static final String HEADERS_FIELDS_CONFIG = "headers.fields";
    public static final String ON_INVALID_FIELD_CONFIG = "on.invalid.field";
    public static final String STRICT_CONFIG = "strict";
    public static final String CASE_INSENSITIVE_CONFIG = "field.names.case.insensitive";
    public static final String HEADERS_UNLISTED_CONFIG = "headers.unlisted";

    /** What happens to a field whose type or content cannot take its action. */
    public enum OnInvalidField {
        DROP, FAIL
    }

    /** What happens to a header that headers.fields does not name. */
    public enum UnlistedHeaders {
        PASS, DROP
    }

    /** Text encoding of a pseudonym's 32 HMAC bytes. */
    public enum HashEncoding {
        HEX, BASE64URL
    }

    static final int MIN_HASH_KEY_BYTES = 16;

    private static final String GROUP_FIELDS = "Fields";
    private static final String GROUP_HASH = "Pseudonymize";
    private static final String GROUP_REDACT = "Redact and drop";
    private static final String GROUP_PARTIAL = "Partial mask";
    private static final String GROUP_GEO = "Generalize coordinates";
    private static final String GROUP_SCAN = "Free-text scan";

    private static final String PATHS_DOC = " Paths follow field.syntax.version; " + WHOLE_RECORD_PATH
            + " names the whole key or value. A path that a record lacks is skipped and counted in paths-missing (see "
            + STRICT_CONFIG + "); a path through an array applies to every element.";

    private static final EnumSetting<HashEncoding> HASH_ENCODINGS = EnumSetting.of(HashEncoding.class);
    private static final EnumSetting<OnInvalidField> ON_INVALID_FIELDS = EnumSetting.of(OnInvalidField.class);
    private static final EnumSetting<UnlistedHeaders> UNLISTED_HEADERS = EnumSetting.of(UnlistedHeaders.class);
    /** Entries of a field list must not be blank: a stray comma would otherwise name no field at all. */
    private static final ConfigDef.Validator NON_BLANK_ENTRIES = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value instanceof List<?> list && list.stream().anyMatch(entry -> entry == null || entry.toString().isBlank())) {
            throw new ConfigException(name, value, "entries must not be empty");
        }
    }, () -> "comma-separated field paths");
    private static final ConfigDef.Validator MIN_KEY_LENGTH = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value instanceof Password password && password.value().getBytes(StandardCharsets.UTF_8).length < MIN_HASH_KEY_BYTES) {
            throw new ConfigException(name, "[hidden]", "the HMAC key must be at least " + MIN_HASH_KEY_BYTES + " bytes long");
        }
    }, () -> "at least " + MIN_HASH_KEY_BYTES + " bytes");
    private static final ConfigDef.Validator SINGLE_CHARACTER = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value == null || value.toString().length() != 1) {
            throw new ConfigException(name, value, "must be exactly one character");
        }
    }, () -> "one character");

    private static final List<CrossSettingRule<PiiMaskConfig>> RULES = List.of(
            CrossSettingRule.of(HASH_KEY_CONFIG, config -> !config.hashPaths().isEmpty() && config.hashKey() == null,
                    "required when " + HASH_FIELDS_CONFIG + " is set"),
            CrossSettingRule.of(HASH_FIELDS_CONFIG, config -> config.hashPaths().isEmpty() && config.redactPaths().isEmpty()
                            && config.dropPaths().isEmpty() && config.partialPaths().isEmpty() && config.geoPaths().isEmpty()
                            && config.scanPaths().isEmpty(),
                    "PiiMask has nothing to do: set at least one of " + HASH_FIELDS_CONFIG + ", " + REDACT_FIELDS_CONFIG
                            + ", " + DROP_FIELDS_CONFIG + ", " + PARTIAL_FIELDS_CONFIG + ", " + GEO_FIELDS_CONFIG + ", "
                            + SCAN_FIELDS_CONFIG));

    /** Some of the scan's detectors, at least one: Kafka's own {@code ValidList.in} only refuses an empty list from 4.0 on. */
    private static final ConfigDef.Validator DETECTORS = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value instanceof List<?> list && list.isEmpty()) {
            throw new ConfigException(name, value, "name at least one detector");
        }
        ConfigDef.ValidList.in(Detector.names().toArray(String[]::new)).ensureValid(name, value);
    }, () -> "one or more of " + String.join(", ", Detector.names()));

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(FIELD_SYNTAX_VERSION_CONFIG, Type.STRING, FieldSyntax.V1.name(),
                    FieldSyntax.VALIDATOR,
                    Importance.HIGH,
                    "How field paths are read, as in Kafka's own transforms (KIP-821). V1: each entry is a top-level field name. "
                            + "V2: dotted paths into nested Structs and Maps (driver.email); wrap a name that contains dots in backticks.",
                    GROUP_FIELDS, 1, Width.SHORT, "Field syntax version")
            .define(ON_INVALID_FIELD_CONFIG, Type.STRING, EnumSetting.valueOf(OnInvalidField.DROP), ON_INVALID_FIELDS.validator(),
                    Importance.MEDIUM,
                    "A field whose type or content cannot take its action (a number under partial.fields, a boolean under "
                            + "geo.fields, \"NaN,1\" as a position): drop removes the field, so it never passes on raw, and "
                            + "adds a header " + PiiMask.DROPPED_HEADER + " naming the field and the problem, never the value, "
                            + "counted in fields-dropped-invalid; fail stops the task with the same message and the record's "
                            + "topic, partition and offset, and a source task then meets the same message again after every "
                            + "restart.",
                    GROUP_FIELDS, 3, Width.SHORT, "On invalid field", ON_INVALID_FIELDS.recommender())
            .define(STRICT_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                    "A record that lacks a configured path (a renamed field, VIN where vin is configured, a value that is "
                            + "not an object): false passes it, as there is nothing at that path to mask, and counts the path in "
                            + "paths-missing; true fails the record with a DataException naming the path and the record's "
                            + "topic, partition and (for sink records) offset, for Connect's errors.tolerance and dead letter "
                            + "queue. Set it on sinks: on a source Connect has no dead letter queue for transforms, so the "
                            + "task fails and meets the message again after every restart (errors.tolerance=none), or "
                            + "Connect drops the record (errors.tolerance=all). Nulls are present values, not missing ones.",
                    GROUP_FIELDS, 4, Width.SHORT, "Strict")
            .define(CASE_INSENSITIVE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Whether configured paths and headers.fields match field and header names in any case: vin then also "
                            + "masks VIN and Vin, every one of them when a record has several. Two paths that differ only in "
                            + "case are then one field and cannot take two actions.",
                    GROUP_FIELDS, 5, Width.SHORT, "Case-insensitive field names")
            .define(HEADERS_UNLISTED_CONFIG, Type.STRING, EnumSetting.valueOf(UnlistedHeaders.PASS), UNLISTED_HEADERS.validator(),
                    Importance.MEDIUM,
                    "Headers that headers.fields does not name (MQTT user properties, mqtt.response.topic, Pub/Sub "
                            + "attributes, pubsub.ordering.key): pass sends them on as they are and counts each one with a "
                            + "value in headers-unmasked; drop removes them, counted in headers-dropped. PiiMask's own headers ("
                            + "hash.key.id.header and " + PiiMask.DROPPED_HEADER + ") always pass.",
                    GROUP_FIELDS, 6, Width.SHORT, "Unlisted headers", UNLISTED_HEADERS.recommender())
            .define(HEADERS_FIELDS_CONFIG, Type.LIST, List.of(), NON_BLANK_ENTRIES, Importance.MEDIUM,
                    "Header names that are masked like fields: a header named here is treated as a top-level field of that name, "
                            + "so hash.fields=driver_id with headers.fields=driver_id also pseudonymizes a driver_id header.",
                    GROUP_FIELDS, 2, Width.LONG, "Headers to mask")
            .define(HASH_FIELDS_CONFIG, Type.LIST, List.of(), NON_BLANK_ENTRIES, Importance.HIGH,
                    "Fields to pseudonymize with keyed HMAC-SHA256 under hash.key. The same input always gives the same output, "
                            + "so joins and per-driver features still work, but without the key nobody can reverse or dictionary-attack it. "
                            + "Strings, numbers, booleans and bytes become a string." + PATHS_DOC,
                    GROUP_HASH, 1, Width.LONG, "Fields to pseudonymize")
            .define(HASH_KEY_CONFIG, Type.PASSWORD, null, MIN_KEY_LENGTH, Importance.HIGH,
                    "Secret key of the HMAC, at least " + MIN_HASH_KEY_BYTES + " bytes (32 random bytes recommended). "
                            + "Required when hash.fields is set. Keep it out of connector JSON with a config provider, e.g. ${file:/etc/fleetml/pii.properties:hash.key}.",
                    GROUP_HASH, 2, Width.MEDIUM, "HMAC key")
            .define(HASH_KEY_ID_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Identifier of hash.key (not the key itself). When set, every record carries it in the header named by "
                            + "hash.key.id.header, so consumers know which key produced a pseudonym while keys are rotated.",
                    GROUP_HASH, 3, Width.SHORT, "HMAC key id")
            .define(HASH_KEY_ID_HEADER_CONFIG, Type.STRING, "fleetml.pii.key.id", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Name of the header that carries hash.key.id.",
                    GROUP_HASH, 4, Width.MEDIUM, "Key id header")
            .define(HASH_ENCODING_CONFIG, Type.STRING, EnumSetting.valueOf(HashEncoding.HEX), HASH_ENCODINGS.validator(),
                    Importance.MEDIUM,
                    "Text encoding of the 32-byte HMAC: hex (64 characters) or base64url without padding (43 characters).",
                    GROUP_HASH, 5, Width.SHORT, "Pseudonym encoding", HASH_ENCODINGS.recommender())
            .define(HASH_CACHE_SIZE_CONFIG, Type.INT, 4096, ConfigDef.Range.between(0, 1 << 20), Importance.LOW,
                    "Pseudonyms of this many recently seen strings are kept per task (rounded up to a power of two), because "
                            + "a fleet repeats the same VINs and driver ids every second; 0 computes every HMAC afresh. "
                            + "About 250 bytes per entry.",
                    GROUP_HASH, 6, Width.SHORT, "Pseudonym cache size")
            .define(REDACT_FIELDS_CONFIG, Type.LIST, List.of(), NON_BLANK_ENTRIES, Importance.HIGH,
                    "Fields to replace with an empty value of their own type: \"\" for strings (or redact.replacement), 0, false, "
                            + "empty bytes, an empty array or map, and for a Struct the same Struct with every field emptied." + PATHS_DOC,
                    GROUP_REDACT, 1, Width.LONG, "Fields to redact")
            .define(REDACT_REPLACEMENT_CONFIG, Type.STRING, null, Importance.LOW,
                    "Text that replaces redacted string fields instead of \"\", e.g. [REDACTED]. Other types always get their empty value.",
                    GROUP_REDACT, 2, Width.SHORT, "Redaction text")
            .define(DROP_FIELDS_CONFIG, Type.LIST, List.of(), NON_BLANK_ENTRIES, Importance.HIGH,
                    "Fields to remove from the record, and from its schema." + PATHS_DOC,
                    GROUP_REDACT, 3, Width.LONG, "Fields to drop")
            .define(PARTIAL_FIELDS_CONFIG, Type.LIST, List.of(), NON_BLANK_ENTRIES, Importance.HIGH,
                    "String fields of which only the last partial.keep.last characters stay readable, e.g. a card number "
                            + "4111111111111111 becomes ************1111. A value no longer than that is masked whole." + PATHS_DOC,
                    GROUP_PARTIAL, 1, Width.LONG, "Fields to mask partially")
            .define(PARTIAL_KEEP_LAST_CONFIG, Type.INT, 4, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "How many trailing characters partial masking keeps.",
                    GROUP_PARTIAL, 2, Width.SHORT, "Characters kept")
            .define(PARTIAL_MASK_CHAR_CONFIG, Type.STRING, "*", SINGLE_CHARACTER, Importance.LOW,
                    "The character that replaces hidden characters.",
                    GROUP_PARTIAL, 3, Width.SHORT, "Mask character")
            .define(GEO_FIELDS_CONFIG, Type.LIST, List.of(), NON_BLANK_ENTRIES, Importance.HIGH,
                    "Coordinates to generalize to a coarser cell: a latitude or longitude number, a \"lat,lon\" string, or an "
                            + "object (Struct or Map) with lat/latitude and lon/lng/long/longitude fields, in any case; every "
                            + "such field of the object is generalized, and an object with one that is not a number is invalid."
                            + PATHS_DOC,
                    GROUP_GEO, 1, Width.LONG, "Coordinates to generalize")
            .define(GEO_DECIMALS_CONFIG, Type.INT, 2, ConfigDef.Range.between(0, 8), Importance.MEDIUM,
                    "Decimals kept: each coordinate is floored to this many decimal places (2 is a cell of about 1.1 km). "
                            + "Used when geo.geohash.length is 0.",
                    GROUP_GEO, 2, Width.SHORT, "Decimals kept")
            .define(GEO_GEOHASH_LENGTH_CONFIG, Type.INT, 0, ConfigDef.Range.between(0, 12), Importance.MEDIUM,
                    "When 1 to 12, generalize to a geohash cell of this length instead (5 is about 4.9 km x 4.9 km): objects keep "
                            + "their lat/lon fields set to the cell's centre, and \"lat,lon\" strings become the geohash. A lone "
                            + "coordinate number cannot be geohashed; point geo.fields at the object that holds both.",
                    GROUP_GEO, 3, Width.SHORT, "Geohash length")
            .define(SCAN_FIELDS_CONFIG, Type.LIST, List.of(), NON_BLANK_ENTRIES, Importance.HIGH,
                    "Free-text string fields (a driver's note, a merchant description) scanned for PII; each hit is replaced "
                            + "by a tag such as [EMAIL] or [CARD]." + PATHS_DOC,
                    GROUP_SCAN, 1, Width.LONG, "Free-text fields to scan")
            .define(SCAN_DETECTORS_CONFIG, Type.LIST, Detector.names(),
                    DETECTORS, Importance.MEDIUM,
                    "What the free-text scan looks for: email; phone (international +.. numbers, or grouped national numbers "
                            + "of 10-15 digits); card (13-19 digits passing the Luhn check); iban (mod-97 check); vin (17 characters "
                            + "with a valid check digit); ipv4; ipv6. Numbers that fail a checksum are left alone.",
                    GROUP_SCAN, 2, Width.LONG, "Detectors");

    private final FieldSyntax syntax;

    public PiiMaskConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props, false);
        syntax = FieldSyntax.of(getString(FIELD_SYNTAX_VERSION_CONFIG));
        CrossSettingRule.enforce(this, RULES, key -> values().get(key));
    }

    public List<FieldPath> hashPaths() {
        return paths(HASH_FIELDS_CONFIG);
    }

    public List<FieldPath> redactPaths() {
        return paths(REDACT_FIELDS_CONFIG);
    }

    public List<FieldPath> dropPaths() {
        return paths(DROP_FIELDS_CONFIG);
    }

    public List<FieldPath> partialPaths() {
        return paths(PARTIAL_FIELDS_CONFIG);
    }

    public List<FieldPath> geoPaths() {
        return paths(GEO_FIELDS_CONFIG);
    }

    public List<FieldPath> scanPaths() {
        return paths(SCAN_FIELDS_CONFIG);
    }

    public List<String> headerNames() {
        return getList(HEADERS_FIELDS_CONFIG);
    }

    public byte[] hashKey() {
        Password key = getPassword(HASH_KEY_CONFIG);
        return key == null ? null : key.value().getBytes(StandardCharsets.UTF_8);
    }

    public String hashKeyId() {
        return getString(HASH_KEY_ID_CONFIG);
    }

    public String hashKeyIdHeader() {
        return getString(HASH_KEY_ID_HEADER_CONFIG);
    }

    public boolean strict() {
        return getBoolean(STRICT_CONFIG);
    }

    public boolean caseInsensitive() {
        return getBoolean(CASE_INSENSITIVE_CONFIG);
    }

    public UnlistedHeaders unlistedHeaders() {
        return UNLISTED_HEADERS.parse(getString(HEADERS_UNLISTED_CONFIG));
    }

    public OnInvalidField onInvalidField() {
        return ON_INVALID_FIELDS.parse(getString(ON_INVALID_FIELD_CONFIG));
    }

    public HashEncoding hashEncoding() {
        return HASH_ENCODINGS.parse(getString(HASH_ENCODING_CONFIG));
    }

    public int hashCacheSize() {
        return getInt(HASH_CACHE_SIZE_CONFIG);
    }

    public String redactReplacement() {
        return getString(REDACT_REPLACEMENT_CONFIG);
    }

    public int partialKeepLast() {
        return getInt(PARTIAL_KEEP_LAST_CONFIG);
    }

    public char partialMaskChar() {
        return getString(PARTIAL_MASK_CHAR_CONFIG).charAt(0);
    }

    public int geoDecimals() {
        return getInt(GEO_DECIMALS_CONFIG);
    }

    public int geohashLength() {
        return getInt(GEO_GEOHASH_LENGTH_CONFIG);
    }

    public List<Detector> detectors() {
        return getList(SCAN_DETECTORS_CONFIG).stream().map(Detector::fromName).toList();
    }

    private List<FieldPath> paths(String key) {
        List<FieldPath> paths = new ArrayList<>();
        for (String text : getList(key)) {
            paths.add(WHOLE_RECORD_PATH.equals(text) ? FieldPath.whole(text) : FieldPath.parse(text, syntax, key));
        }
        return paths;
    }
}
