package io.fleetml.connect.common.config;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A check that spans settings, as data: which setting to fix, when it is violated and what to say. The config class
 * enforces its rules when it is constructed, so a task never starts with a violated one, and the connector's
 * {@code validate()} shows the same message on the same setting ({@link SettingsValidation}).
 *
 * @param setting  the setting the message is shown on
 * @param violated true when the config breaks the rule
 * @param message  what is wrong and what to do, from the config
 */
public record CrossSettingRule<C>(String setting, Predicate<C> violated, Function<C, String> message) {

    public static <C> CrossSettingRule<C> of(String setting, Predicate<C> violated, String message) {
        return new CrossSettingRule<>(setting, violated, config -> message);
    }

    /** Throws an {@link InvalidSetting} for the first rule {@code config} breaks; {@code value} reads a setting's value. */
    public static <C> void enforce(C config, List<CrossSettingRule<C>> rules, Function<String, Object> value) {
        for (CrossSettingRule<C> rule : rules) {
            if (rule.violated().test(config)) {
                throw new InvalidSetting(rule.setting(), value.apply(rule.setting()), rule.message().apply(config));
            }
        }
    }
}
