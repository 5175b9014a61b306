package io.fleetml.connect.common;

import org.apache.kafka.common.config.ConfigDef;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a setting's field paths are read, under the setting name and values of Kafka's own transforms (KIP-821,
 * {@code field.syntax.version}). The plugins carry their own copy because Kafka's {@code FieldSyntaxVersion} only
 * exists from Connect 3.8 on, and they run on 3.7.
 */
public enum FieldSyntax {
    /** The whole text is one top-level field name. */
    V1,
    /** Dotted paths into nested Structs and Maps; a name that contains dots is wrapped in backticks. */
    V2;

    public static final String FIELD_SYNTAX_VERSION_CONFIG = "field.syntax.version";

    /** Accepts the names in any case, as Kafka's transforms do. */
    public static final ConfigDef.Validator VALIDATOR = ConfigDef.CaseInsensitiveValidString.in(
            Arrays.stream(values()).map(Enum::name).toArray(String[]::new));

    /** The syntax a validated setting names. */
    public static FieldSyntax of(String setting) {
        return valueOf(setting.toUpperCase(Locale.ROOT));
    }
}
