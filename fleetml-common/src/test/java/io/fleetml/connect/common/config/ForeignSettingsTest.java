package io.fleetml.connect.common.config;

import io.fleetml.connect.common.config.ForeignSetting.Choice.Option;
import io.fleetml.connect.common.config.ForeignSetting.Conversion;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForeignSettingsTest {
    private static final ForeignSettings OTHER = new ForeignSettings("Other's connector", "Other's settings", List.of(
            ForeignSetting.alias("other.name", "name", Conversion.SAME),
            ForeignSetting.alias("other.timeout.ms", "timeout.seconds", Conversion.MILLIS_TO_SECONDS),
            ForeignSetting.acceptedWhen("other.streaming", Set.of("true"), "this plugin always streams"),
            ForeignSetting.refused("other.partitions", "the topic's partitions are used"),
            ForeignSetting.alias("other.clean", "persistent", Conversion.NEGATED),
            ForeignSetting.alias("other.connect.seconds", "connect.ms", Conversion.SECONDS_TO_MILLIS),
            ForeignSetting.secretAlias("other.secret", "secret"),
            ForeignSetting.notNeeded("other.license", "no licence is needed")));

    @Test
    void aliasesBecomeTheOwnSettingsAndLeaveNoForeignKeyBehind() {
        ForeignSettings.Translation translation = OTHER.translate(Map.of("other.name", " fleet ", "other.timeout.ms", "1500",
                "other.streaming", "TRUE", "kept", "x"));
        assertEquals(Map.of("name", "fleet", "timeout.seconds", "2", "kept", "x"), translation.settings());
        assertEquals(Map.of("other.name", "name", "other.timeout.ms", "timeout.seconds"), translation.aliases());
        assertTrue(translation.refusals().isEmpty());
        assertEquals("Other's connector's settings read as this plugin's: other.name as name, other.timeout.ms as timeout.seconds",
                translation.describeAliases());
    }

    @Test
    void zeroMillisecondsKeepsTheDefaultAndUnreadableDurationsAreRefusedWithoutRepeatingThem() {
        assertEquals(Map.of(), OTHER.translate(Map.of("other.timeout.ms", "0")).settings());
        ForeignSettings.Translation bad = OTHER.translate(Map.of("other.timeout.ms", "soon"));
        assertEquals("not a whole number of milliseconds (read as timeout.seconds)", bad.refusals().get("other.timeout.ms").getMessage());
        assertTrue(OTHER.translate(Map.of("other.timeout.ms", "-1")).refusals().containsKey("other.timeout.ms"));
    }

    @Test
    void refusedKeysAndUnacceptedValuesFailTheConfigOnThatKey() {
        ForeignSettings.Translation translation = OTHER.translate(Map.of("other.streaming", "false", "other.partitions", "3"));
        assertEquals(Set.of("other.streaming", "other.partitions"), translation.refusals().keySet());
        InvalidSetting e = assertThrows(InvalidSetting.class, translation::settingsOrThrow);
        assertTrue(Set.of("other.streaming", "other.partitions").contains(e.setting()));
    }

    @Test
    void anAliasDisagreeingWithTheOwnSettingIsRefused() {
        assertTrue(OTHER.translate(Map.of("other.name", "a", "name", "b")).refusals().containsKey("other.name"));
        assertFalse(OTHER.translate(Map.of("other.name", "a", "name", "a")).refusals().containsKey("other.name"));
    }

    @Test
    void booleansCanMeanTheOppositeAndSecondsBecomeMilliseconds() {
        assertEquals(Map.of("persistent", "true", "connect.ms", "30000"),
                OTHER.translate(Map.of("other.clean", "False", "other.connect.seconds", "30")).settings());
        assertTrue(OTHER.translate(Map.of("other.clean", "yes")).refusals().containsKey("other.clean"));
    }

    @Test
    void aSecretAliasIsAPasswordAndNeverInAnError() {
        assertEquals(ConfigDef.Type.PASSWORD, OTHER.define(new ConfigDef()).configKeys().get("other.secret").type);
        InvalidSetting e = assertThrows(InvalidSetting.class,
                () -> OTHER.translate(Map.of("other.secret", "hunter2", "secret", "other")).settingsOrThrow());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("[hidden]"), e.getMessage());
    }

    @Test
    void keysNotNeededAreAcceptedAndNamedInTheWarning() {
        ForeignSettings.Translation translation = OTHER.translate(Map.of("other.license", "abc"));
        assertTrue(translation.refusals().isEmpty());
        assertTrue(translation.usedForeignSettings());
        assertTrue(translation.describeAliases().endsWith("; not used: other.license"), translation.describeAliases());
    }

    @Test
    void everyForeignKeyIsDeclaredWithWhatItMeansHere() {
        ConfigDef def = OTHER.define(new ConfigDef());
        assertEquals(Set.of("other.name", "other.timeout.ms", "other.streaming", "other.partitions", "other.clean",
                "other.connect.seconds", "other.secret", "other.license"), def.names());
        assertEquals("Other's connector's setting: read as timeout.seconds (milliseconds rounded up to whole seconds; 0 keeps its default).",
                def.configKeys().get("other.timeout.ms").documentation);
        assertEquals("Other's connector's setting: refused: the topic's partitions are used",
                def.configKeys().get("other.partitions").documentation);
    }

    private static final ForeignSettings CHOICES = new ForeignSettings("Other's connector", "Other's settings", List.of(
            ForeignSetting.choice("other.format.class", "format", Map.of(
                    "com.other.JsonFormat", Option.of("jsonl"),
                    "com.other.HourlyFormat", Option.of("time", "path", "'h'=HH", "duration", "3600000")), "supported: JsonFormat, HourlyFormat"),
            ForeignSetting.choice("other.codec", "compression", Map.of("null", Option.of("none"), "gzip", Option.of("gzip")), "use gzip")
                    .onlyWhen("format", "jsonl", false)));

    @Test
    void aChoiceSetsItsSettingAndWhatTheValueImplies() {
        assertEquals(Map.of("format", "time", "path", "'h'=HH", "duration", "3600000"),
                CHOICES.translate(Map.of("other.format.class", "com.other.HourlyFormat")).settings());
        assertEquals(Map.of("other.format.class", "format"),
                CHOICES.translate(Map.of("other.format.class", "com.other.hourlyformat")).aliases());
    }

    @Test
    void aChoiceRefusesOtherValuesAndDisagreementWithWhatItImplies() {
        assertEquals("supported: JsonFormat, HourlyFormat",
                CHOICES.translate(Map.of("other.format.class", "com.other.CsvFormat")).refusals().get("other.format.class").getMessage());
        String conflict = CHOICES.translate(Map.of("other.format.class", "com.other.HourlyFormat", "duration", "60000"))
                .refusals().get("other.format.class").getMessage();
        assertTrue(conflict.contains("duration=3600000"), conflict);
        assertTrue(CHOICES.translate(Map.of("other.format.class", "com.other.HourlyFormat", "duration", "3600000")).refusals().isEmpty());
    }

    @Test
    void aChoiceForOneSettingValueIsUnusedWithAnotherButStillChecked() {
        assertEquals(Map.of("format", "jsonl", "compression", "none"),
                CHOICES.translate(Map.of("other.format.class", "com.other.JsonFormat", "other.codec", "null")).settings());
        assertEquals(Map.of("format", "parquet"), CHOICES.translate(Map.of("format", "parquet", "other.codec", "gzip")).settings());
        assertTrue(CHOICES.translate(Map.of("format", "parquet", "other.codec", "bzip2")).refusals().containsKey("other.codec"));
    }

    @Test
    void aChoiceDocumentsEveryValueInOrder() {
        assertEquals("Other's connector's setting: read as compression: gzip as compression=gzip; null as compression=none; "
                        + "other values refused: use gzip. Used only with format=jsonl.",
                CHOICES.define(new ConfigDef()).configKeys().get("other.codec").documentation);
    }

    @Test
    void aChoiceForSeveralSettingValuesIsUsedWithEachOfThem() {
        ForeignSettings codec = new ForeignSettings("Other's connector", "Other's settings", List.of(
                ForeignSetting.choice("other.codec", "compression", Map.of("gzip", Option.of("gzip")), "use gzip")
                        .onlyWhen("format", List.of("jsonl", "json"), false)));
        assertEquals(Map.of("format", "JSON", "compression", "gzip"),
                codec.translate(Map.of("format", "JSON", "other.codec", "gzip")).settings());
        assertEquals(Map.of("format", "jsonl", "compression", "gzip"),
                codec.translate(Map.of("format", "jsonl", "other.codec", "gzip")).settings());
        assertEquals(Map.of("format", "csv"), codec.translate(Map.of("format", "csv", "other.codec", "gzip")).settings());
        assertTrue(codec.define(new ConfigDef()).configKeys().get("other.codec").documentation
                .endsWith("Used only with format=jsonl or format=json."));
    }

    private static final ForeignSettings DEFAULTS = CHOICES.withDifferentDefaults(List.of("other.format.class"),
            List.of(new ForeignSettings.DifferentDefault("on.null", "fail", "ignore")));

    @Test
    void aConfigOfTheOtherConnectorMustSetASettingWhoseDefaultDiffers() {
        String refusal = DEFAULTS.translate(Map.of("other.format.class", "com.other.JsonFormat")).refusals().get("on.null").getMessage();
        assertTrue(refusal.contains("other.format.class") && refusal.contains("fail") && refusal.contains("ignore"), refusal);
        assertTrue(DEFAULTS.translate(Map.of("other.format.class", "com.other.JsonFormat", "on.null", "ignore")).refusals().isEmpty());
        assertTrue(DEFAULTS.translate(Map.of("format", "jsonl")).refusals().isEmpty(), "a config of this plugin keeps its defaults");
    }
}
