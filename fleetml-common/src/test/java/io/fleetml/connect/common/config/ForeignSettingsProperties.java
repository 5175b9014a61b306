package io.fleetml.connect.common.config;

import io.fleetml.connect.common.config.ForeignSetting.Alias;
import io.fleetml.connect.common.config.ForeignSetting.Choice;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of a plugin's table of another connector's keys, run by each plugin over its own table: every key is
 * declared, every alias and choice lands on a setting the plugin declares with a value it accepts, units are converted,
 * and an alias or choice set beside the plugin's own setting to a different value is a validation error on the key.
 */
public abstract class ForeignSettingsProperties {
    private final ForeignSettings table;
    private final ConfigDef settings;

    /** {@code table}: the plugin's table of the other connector's keys; {@code settings}: the plugin's, those keys among them. */
    protected ForeignSettingsProperties(ForeignSettings table, ConfigDef settings) {
        this.table = table;
        this.settings = settings;
    }

    @Example
    void everyKeyIsDeclaredAndEveryAliasOrChoiceLandsOnAnOwnSettingWithAValueItAccepts() {
        Map<String, ConfigDef.ConfigKey> declared = settings.configKeys();
        for (ForeignSetting setting : table.settings()) {
            assertTrue(declared.containsKey(setting.key()), setting.key() + " is declared, so validate() can answer on it");
            if (setting instanceof Alias alias) {
                assertOwnSetting(alias.key(), alias.target());
            } else if (setting instanceof Choice choice) {
                assertOwnSetting(choice.key(), choice.target());
                choice.choices().forEach((value, option) -> {
                    assertAccepted(choice.key() + "=" + value, choice.target(), option.value());
                    option.implied().forEach((implied, impliedValue) -> {
                        assertOwnSetting(choice.key(), implied);
                        assertAccepted(choice.key() + "=" + value, implied, impliedValue);
                    });
                });
            }
        }
    }

    @Property(tries = 200)
    void anAliasIsReadAsItsOwnSettingWithItsUnitsConverted(@ForAll("aliases") Alias alias,
                                                          @ForAll @LongRange(min = 0, max = 10_000_000) long number,
                                                          @ForAll boolean flag) {
        String value = written(alias, number, flag);
        ForeignSettings.Translation translation = table.translate(Map.of(alias.key(), value));
        assertEquals(Map.of(), translation.refusals());
        assertFalse(translation.settings().containsKey(alias.key()), "the alias is not passed on as an unknown key");
        assertEquals(expected(alias, number, flag), translation.settings().get(alias.target()));
        assertEquals(alias.target(), translation.aliases().get(alias.key()), "the start-up WARN names the alias");
    }

    @Property(tries = 200)
    void anAliasDisagreeingWithItsOwnSettingIsAValidationErrorOnTheAlias(@ForAll("aliases") Alias alias,
                                                                        @ForAll @LongRange(min = 1, max = 10_000_000) long number,
                                                                        @ForAll boolean flag) {
        String value = written(alias, number, flag);
        String converted = expected(alias, number, flag);
        String other = alias.conversion() == ForeignSetting.Conversion.NEGATED ? String.valueOf(flag) : converted + "1";
        assertTrue(validationErrors(Map.of(alias.key(), value, alias.target(), other)).containsKey(alias.key()),
                alias.key() + "=" + value + " beside " + alias.target() + "=" + other);
        assertFalse(table.translate(Map.of(alias.key(), value, alias.target(), converted)).refusals().containsKey(alias.key()),
                "the same value under both names is no conflict");
    }

    /** Choices are finite, so every value of every choice is tried. */
    @Example
    void everyChoiceSetsItsSettingOrIsAValidationErrorWhenItsOwnSettingDisagrees() {
        for (ForeignSetting setting : table.settings()) {
            if (!(setting instanceof Choice choice)) {
                continue;
            }
            choice.choices().forEach((value, option) -> {
                Map<String, String> props = new HashMap<>(Map.of(choice.key(), value));
                if (choice.when() != null) {
                    props.put(choice.when().setting(), choice.when().values().get(0));
                }
                ForeignSettings.Translation translation = table.translate(props);
                assertFalse(translation.refusals().containsKey(choice.key()), translation.refusals().toString());
                assertTrue(option.value().equalsIgnoreCase(translation.settings().get(choice.target())), choice.key() + "=" + value);

                props.put(choice.target(), "other-than-" + option.value());
                assertTrue(validationErrors(props).containsKey(choice.key()), choice.key() + "=" + value + " beside " + props);
            });
        }
    }

    @Provide
    Arbitrary<Alias> aliases() {
        return Arbitraries.of(table.settings().stream().filter(Alias.class::isInstance).map(Alias.class::cast).toList());
    }

    private Map<String, List<String>> validationErrors(Map<String, String> props) {
        return ValidationErrors.of(table.validate(props, translated -> new Config(new ArrayList<>(settings.validate(translated)))));
    }

    private void assertOwnSetting(String key, String target) {
        assertNotNull(settings.configKeys().get(target), key + " is read as " + target + ", which the plugin declares");
        assertTrue(table.settings().stream().noneMatch(setting -> setting.key().equals(target)),
                key + " is read as " + target + ", which is the plugin's own setting, not another foreign key");
    }

    private void assertAccepted(String what, String target, String value) {
        ConfigDef.ConfigKey key = settings.configKeys().get(target);
        Object parsed = ConfigDef.parseType(target, value, key.type);
        if (key.validator != null) {
            key.validator.ensureValid(target, parsed);
        }
        assertNotNull(parsed, what + " sets " + target + "=" + value);
    }

    private static String written(Alias alias, long number, boolean flag) {
        return alias.conversion() == ForeignSetting.Conversion.NEGATED ? String.valueOf(flag) : String.valueOf(number);
    }

    private static String expected(Alias alias, long number, boolean flag) {
        return switch (alias.conversion()) {
            case SAME -> String.valueOf(number);
            case SECONDS_TO_MILLIS -> String.valueOf(number * 1000);
            case NEGATED -> String.valueOf(!flag);
            case MILLIS_TO_SECONDS -> number == 0 ? null : String.valueOf((number + 999) / 1000);
        };
    }
}
