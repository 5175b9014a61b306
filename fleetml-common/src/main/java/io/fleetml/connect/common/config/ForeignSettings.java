package io.fleetml.connect.common.config;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings of another vendor's connector that a plugin understands, so that a config written for that connector,
 * with only {@code connector.class} changed, keeps its meaning or is refused on the setting that would change it.
 * Connect never rejects a key a plugin does not declare; without this table such a key would be ignored in silence.
 * Each key is declared in the plugin's {@link ConfigDef} (so the settings reference lists it and validate shows errors
 * on it) and is either an alias of one of the plugin's own settings, accepted for the values that mean what the plugin
 * always does, or refused with what to use instead.
 */
public final class ForeignSettings {
    private final String connector;
    private final String group;
    private final Map<String, ForeignSetting> settings = new LinkedHashMap<>();
    private final List<DifferentDefault> differentDefaults;
    private final List<String> recognisedBy;

    /**
     * @param connector the other connector as users know it, e.g. "Google's CloudPubSubSourceConnector"
     * @param group     the settings group the keys are listed under
     */
    public ForeignSettings(String connector, String group, List<ForeignSetting> settings) {
        this(connector, group, settings, List.of(), List.of());
    }

    private ForeignSettings(String connector, String group, List<ForeignSetting> settings, List<String> recognisedBy,
                            List<DifferentDefault> differentDefaults) {
        this.connector = connector;
        this.group = group;
        settings.forEach(setting -> this.settings.put(setting.key(), setting));
        this.recognisedBy = List.copyOf(recognisedBy);
        this.differentDefaults = List.copyOf(differentDefaults);
    }

    /**
     * A setting both connectors have under one name, with another default in each: a config that uses any of the keys
     * {@code recognisedBy}, so was written for the other connector, and leaves such a setting unset is refused on it,
     * since it would silently get this plugin's default where its author expected the other connector's.
     */
    public record DifferentDefault(String key, String theirs, String ours) {
    }

    /** These settings, with the shared settings whose defaults differ, checked in configs that use {@code recognisedBy}. */
    public ForeignSettings withDifferentDefaults(List<String> recognisedBy, List<DifferentDefault> defaults) {
        return new ForeignSettings(connector, group, List.copyOf(settings.values()), recognisedBy, defaults);
    }

    /** The other connector's keys this plugin knows, each with what it means here. */
    public List<ForeignSetting> settings() {
        return List.copyOf(settings.values());
    }

    /** Declares every key as an optional string, documented with what it means here. */
    public ConfigDef define(ConfigDef def) {
        int order = 1;
        for (ForeignSetting setting : settings.values()) {
            def.define(setting.key(), setting.secret() ? ConfigDef.Type.PASSWORD : ConfigDef.Type.STRING, null, ConfigDef.Importance.LOW,
                    connector + "'s setting: " + setting.meaning(), group, order++, ConfigDef.Width.MEDIUM, setting.key());
        }
        return def;
    }

    /** The plugin's own settings for {@code props}, with what each foreign key became or why it is refused. */
    public Translation translate(Map<String, String> props) {
        Map<String, String> translated = new LinkedHashMap<>(props);
        Map<String, ForeignSetting.Refusal> refusals = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, String> notNeeded = new LinkedHashMap<>();
        for (ForeignSetting setting : settings.values()) {
            String value = props.get(setting.key());
            if (value == null) {
                continue;
            }
            translated.remove(setting.key());
            try {
                setting.apply(value.trim(), props, translated).ifPresent(target -> aliases.put(setting.key(), target));
                if (setting instanceof ForeignSetting.NotNeeded unused) {
                    notNeeded.put(unused.key(), unused.why());
                }
            } catch (ForeignSetting.Refusal refusal) {
                refusals.put(setting.key(), refusal);
            }
        }
        if (recognisedBy.stream().anyMatch(props::containsKey)) {
            for (DifferentDefault shared : differentDefaults) {
                if (!props.containsKey(shared.key())) {
                    refusals.put(shared.key(), new ForeignSetting.Refusal(null, "this config looks written for " + connector
                            + " (it sets " + recognisedBy.stream().filter(props::containsKey).findFirst().orElseThrow()
                            + "), which defaults " + shared.key() + " to " + shared.theirs() + " where this plugin defaults it to "
                            + shared.ours() + "; set " + shared.key() + " explicitly"));
                }
            }
        }
        return new Translation(connector, Collections.unmodifiableMap(translated), Collections.unmodifiableMap(refusals),
                Collections.unmodifiableMap(aliases), Collections.unmodifiableMap(notNeeded));
    }

    /**
     * Connect's validation of {@code props}: {@code validate} runs on the translated settings, a refused key gets its
     * reason, and an error on a setting that an alias set is shown on the alias too, since that is what the user wrote.
     */
    public Config validate(Map<String, String> props, Function<Map<String, String>, Config> validate) {
        Translation translation = translate(props);
        Config config = validate.apply(translation.settings());
        Map<String, ConfigValue> byName = config.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, v -> v, (a, b) -> a, LinkedHashMap::new));
        translation.refusals().forEach((key, refusal) -> valueOf(byName, config, key).addErrorMessage(refusal.getMessage()));
        translation.aliases().forEach((key, target) -> {
            ConfigValue targetValue = byName.get(target);
            if (targetValue != null) {
                targetValue.errorMessages().forEach(error -> valueOf(byName, config, key).addErrorMessage("as " + target + ": " + error));
            }
        });
        return config;
    }

    private static ConfigValue valueOf(Map<String, ConfigValue> byName, Config config, String key) {
        return byName.computeIfAbsent(key, name -> {
            ConfigValue value = new ConfigValue(name);
            config.configValues().add(value);
            return value;
        });
    }

    /** What a config became: the plugin's own settings, the foreign keys refused, the aliases used and those not needed. */
    public record Translation(String connector, Map<String, String> settings, Map<String, ForeignSetting.Refusal> refusals,
                              Map<String, String> aliases, Map<String, String> notNeeded) {
        /** The translated settings, or the first refusal as an error on its key. */
        public Map<String, String> settingsOrThrow() {
            refusals.entrySet().stream().findFirst().ifPresent(refused -> {
                throw new InvalidSetting(refused.getKey(), refused.getValue().value(), refused.getValue().getMessage());
            });
            return settings;
        }

        /** Whether the config used any key of the other connector that it accepted. */
        public boolean usedForeignSettings() {
            return !aliases.isEmpty() || !notNeeded.isEmpty();
        }

        /** For the WARN a connector logs at start: each alias used and the setting it was read as, and those not used. */
        public String describeAliases() {
            String read = aliases.entrySet().stream().map(alias -> alias.getKey() + " as " + alias.getValue())
                    .collect(Collectors.joining(", ", connector + "'s settings read as this plugin's: ", ""));
            return notNeeded.isEmpty() ? read : read + "; not used: " + String.join(", ", notNeeded.keySet());
        }
    }
}
