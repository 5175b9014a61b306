package io.fleetml.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldPathTest {
    private static List<String> v2(String text) {
        return FieldPath.parse(text, FieldSyntax.V2, "x.fields").steps();
    }

    @Test
    void v1TreatsTheWholeTextAsOneFieldName() {
        assertEquals(List.of("driver.email"), FieldPath.parse("driver.email", FieldSyntax.V1, "k").steps());
    }

    @Test
    void v2SplitsOnDots() {
        assertEquals(List.of("driver", "email"), v2("driver.email"));
        assertEquals(List.of("vin"), v2("vin"));
        assertEquals(List.of("a", "b", "c"), v2("a.b.c"));
    }

    @Test
    void v2BackticksKeepDotsInsideAName() {
        assertEquals(List.of("geo.lat"), v2("`geo.lat`"));
        assertEquals(List.of("vehicle", "geo.lat", "deg"), v2("vehicle.`geo.lat`.deg"));
    }

    @Test
    void v2EscapedBacktickInsideAWrappedName() {
        assertEquals(List.of("we`ird", "x"), v2("`we\\`ird`.x"));
    }

    @Test
    void v2BacktickInsideAPlainStepIsLiteral() {
        assertEquals(List.of("a`b", "c"), v2("a`b.c"));
    }

    @Test
    void unclosedBacktickFailsNamingTheSetting() {
        ConfigException e = assertThrows(ConfigException.class, () -> v2("`driver.email"));
        assertTrue(e.getMessage().contains("x.fields"), e.getMessage());
        assertTrue(e.getMessage().contains("never closed"), e.getMessage());
    }

    @Test
    void emptyStepsAreRejected() {
        assertThrows(ConfigException.class, () -> v2("driver..email"));
        assertThrows(ConfigException.class, () -> v2("driver."));
        assertThrows(ConfigException.class, () -> v2(".driver"));
        assertThrows(ConfigException.class, () -> FieldPath.parse(" ", FieldSyntax.V1, "k"));
    }

    @Test
    void wholePathHasNoSteps() {
        FieldPath whole = FieldPath.whole("$");
        assertTrue(whole.isWhole());
        assertEquals("$", whole.toString());
    }

    @Test
    void valueFromReadsNestedStructsAndMapsAndTellsMissingFromNull() {
        Schema location = SchemaBuilder.struct().field("lat", Schema.FLOAT64_SCHEMA).field("region", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("location", location).build();
        Struct struct = new Struct(schema).put("location", new Struct(location).put("lat", 48.1));
        FieldPath lat = FieldPath.parse("location.lat", FieldSyntax.V2, "k");
        FieldPath region = FieldPath.parse("location.region", FieldSyntax.V2, "k");
        FieldPath absent = FieldPath.parse("location.alt", FieldSyntax.V2, "k");
        assertEquals(48.1, lat.valueFrom(struct));
        assertNull(region.valueFrom(struct));
        assertSame(FieldPath.MISSING, absent.valueFrom(struct));
        Map<String, Object> map = Map.of("location", Map.of("lat", 48.1));
        assertEquals(48.1, lat.valueFrom(map));
        assertSame(FieldPath.MISSING, region.valueFrom(map));
        assertSame(FieldPath.MISSING, lat.valueFrom("not a record"));
    }

    @Test
    void configDocsRendersGroupsInDeclaredOrder() {
        ConfigDef def = new ConfigDef()
                .define("b.key", ConfigDef.Type.INT, 4, ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW, "B doc | pipe", "Second", 1, ConfigDef.Width.SHORT, "B")
                .define("a.key", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "A doc", "First", 1, ConfigDef.Width.SHORT, "A");
        String md = ConfigDocs.markdown("Title", "Overview.", def);
        assertTrue(md.indexOf("**Second**") < md.indexOf("**First**"), md);
        assertTrue(md.contains("| `b.key` | int | `4` | [0,...] | low | B doc \\| pipe |"), md);
        assertTrue(md.contains("| `a.key` | string | required |"), md);
    }
}
