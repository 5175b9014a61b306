package io.fleetml.connect.common.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One key of another vendor's connector and what it means to a plugin of this bundle; see {@link ForeignSettings}. */
public sealed interface ForeignSetting {
    String key();

    /** For the settings reference: what the key does here. */
    String meaning();

    /**
     * Applies {@code value} to {@code translated}, the plugin's own settings; returns the setting it was read as, if any.
     * {@code original} is the config as written, to tell a setting the user wrote from one an alias set.
     */
    Optional<String> apply(String value, Map<String, String> original, Map<String, String> translated) throws Refusal;

    /** The same meaning under this plugin's {@code target} name, the value converted by {@code conversion}. */
    static ForeignSetting alias(String key, String target, Conversion conversion) {
        return new Alias(key, target, conversion, false);
    }

    /** An alias of a password setting: declared as a password, and its value never in an error. */
    static ForeignSetting secretAlias(String key, String target) {
        return new Alias(key, target, Conversion.SAME, true);
    }

    /** Accepted with any value and not used, because {@code why} (e.g. another vendor's licence settings). */
    static ForeignSetting notNeeded(String key, String why) {
        return new NotNeeded(key, why);
    }

    /** Whether the key holds a secret, to be declared as a password. */
    default boolean secret() {
        return false;
    }

    /** Accepted only with the values (compared without case) that mean what the plugin always does. */
    static ForeignSetting acceptedWhen(String key, Set<String> values, String otherwise) {
        return new AcceptedValues(key, values, otherwise);
    }

    /**
     * One of the values of {@code choices} (compared without case), each read as {@code target} set to the choice's
     * value, with the further settings it implies (e.g. a class name that stands for a setting and its fixed
     * parameters); other values refused with {@code otherwise}.
     */
    static Choice choice(String key, String target, Map<String, Choice.Option> choices, String otherwise) {
        Map<String, Choice.Option> byValue = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byValue.putAll(choices);
        return new Choice(key, target, byValue, otherwise, null);
    }

    /** Refused with any value: {@code instead} says what the plugin does and what to set. */
    static ForeignSetting refused(String key, String instead) {
        return new Refused(key, instead);
    }

    /** How a foreign value becomes this plugin's: the same, or converted; null keeps the plugin's default. */
    enum Conversion {
        SAME("") {
            @Override
            String convert(String value) {
                return value;
            }
        },
        /** Seconds to milliseconds. */
        SECONDS_TO_MILLIS(" (seconds converted to milliseconds)") {
            @Override
            String convert(String value) {
                try {
                    return String.valueOf(Math.multiplyExact(Long.parseLong(value), 1000L));
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IllegalArgumentException("not a whole number of seconds");
                }
            }
        },
        /** A boolean that means the opposite here, e.g. clean session enabled against a persistent session. */
        NEGATED(" (true and false swapped: the opposite question)") {
            @Override
            String convert(String value) {
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new IllegalArgumentException("expected true or false");
                }
                return String.valueOf(!Boolean.parseBoolean(lower));
            }
        },
        /** 0 is the other connector's "library default", so it keeps this plugin's default. */
        MILLIS_TO_SECONDS(" (milliseconds rounded up to whole seconds; 0 keeps its default)") {
            @Override
            String convert(String value) {
                long millis;
                try {
                    millis = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a whole number of milliseconds");
                }
                if (millis < 0) {
                    throw new IllegalArgumentException("a negative duration");
                }
                return millis == 0 ? null : String.valueOf((millis + 999) / 1000);
            }
        };

        private final String description;

        Conversion(String description) {
            this.description = description;
        }

        /** Throws IllegalArgumentException, with a message that does not repeat the value, when it cannot convert. */
        abstract String convert(String value);
    }

    /** Why a foreign key cannot be taken as written. */
    final class Refusal extends Exception {
        private final String value;

        Refusal(String value, String message) {
            super(message, null, false, false);
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    record Alias(String key, String target, Conversion conversion, boolean secret) implements ForeignSetting {
        @Override
        public String meaning() {
            return "read as " + target + conversion.description + ".";
        }

        @Override
        public Optional<String> apply(String value, Map<String, String> original, Map<String, String> translated) throws Refusal {
            String converted;
            String shown = secret ? "[hidden]" : value;
            try {
                converted = conversion.convert(value);
            } catch (IllegalArgumentException e) {
                throw new Refusal(shown, e.getMessage() + " (read as " + target + ")");
            }
            String own = original.get(target);
            if (own != null && !own.trim().equals(converted)) {
                throw new Refusal(shown, "both " + key + " and " + target + " are set, to different values; keep " + target);
            }
            if (converted != null) {
                translated.put(target, converted);
            }
            return Optional.of(target);
        }
    }

    record AcceptedValues(String key, Set<String> values, String otherwise) implements ForeignSetting {
        @Override
        public String meaning() {
            return "accepted when " + values.stream().sorted().collect(Collectors.joining(" or ")) + ", which is what this plugin always does; otherwise refused: " + otherwise;
        }

        @Override
        public Optional<String> apply(String value, Map<String, String> original, Map<String, String> translated) throws Refusal {
            if (!values.contains(value.toLowerCase(Locale.ROOT))) {
                throw new Refusal(value, otherwise);
            }
            return Optional.empty();
        }
    }

    /** @param when the plugin's setting and value the key applies to, as the other connector reads it; null for always */
    record Choice(String key, String target, Map<String, Option> choices, String otherwise, When when) implements ForeignSetting {
        /** What one value means here: {@code target} set to {@code value}, and {@code implied} settings with it. */
        public record Option(String value, Map<String, String> implied) {
            public static Option of(String value) {
                return new Option(value, Map.of());
            }

            /** {@code implied} as pairs of setting and value, kept in this order. */
            public static Option of(String value, String... implied) {
                Map<String, String> settings = new LinkedHashMap<>();
                for (int i = 0; i < implied.length; i += 2) {
                    settings.put(implied[i], implied[i + 1]);
                }
                return new Option(value, settings);
            }
        }

        /**
         * The key is used only when the plugin's {@code setting} is one of {@code values}, compared without case
         * ({@code byDefault}: also when unset).
         */
        public record When(String setting, List<String> values, boolean byDefault) {
            boolean holds(Map<String, String> translated) {
                String set = translated.get(setting);
                return set == null ? byDefault : values.stream().anyMatch(value -> value.equalsIgnoreCase(set.trim()));
            }

            String describe() {
                return values.stream().map(value -> setting + "=" + value).collect(Collectors.joining(" or "));
            }
        }

        /** This choice, used only when the plugin's {@code setting} is {@code value}, and not used otherwise. */
        public Choice onlyWhen(String setting, String value, boolean byDefault) {
            return onlyWhen(setting, List.of(value), byDefault);
        }

        /** This choice, used only when the plugin's {@code setting} is one of {@code values}, and not used otherwise. */
        public Choice onlyWhen(String setting, List<String> values, boolean byDefault) {
            return new Choice(key, target, choices, otherwise, new When(setting, List.copyOf(values), byDefault));
        }

        @Override
        public String meaning() {
            String options = choices.entrySet().stream().map(choice -> choice.getKey() + " as " + target + "="
                    + choice.getValue().value() + implied(choice.getValue())).collect(Collectors.joining("; "));
            String applies = when == null ? "" : " Used only with " + when.describe() + ".";
            return "read as " + target + ": " + options + "; other values refused: " + otherwise + "." + applies;
        }

        private static String implied(Option option) {
            return option.implied().isEmpty() ? "" : option.implied().entrySet().stream()
                    .map(setting -> setting.getKey() + "=" + setting.getValue()).collect(Collectors.joining(", ", " with ", ""));
        }

        @Override
        public Optional<String> apply(String value, Map<String, String> original, Map<String, String> translated) throws Refusal {
            Option option = choices.get(value);
            if (option == null) {
                throw new Refusal(value, otherwise);
            }
            if (when != null && !when.holds(translated)) {
                return Optional.empty();
            }
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(target, option.value());
            settings.putAll(option.implied());
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                String own = original.get(setting.getKey());
                if (own != null && !own.trim().equalsIgnoreCase(setting.getValue())) {
                    throw new Refusal(value, key + "=" + value + " means " + setting.getKey() + "=" + setting.getValue()
                            + ", but " + setting.getKey() + " is set to another value; remove one of them");
                }
            }
            translated.putAll(settings);
            return Optional.of(target);
        }
    }

    record NotNeeded(String key, String why) implements ForeignSetting {
        @Override
        public String meaning() {
            return "accepted and not used: " + why + ".";
        }

        @Override
        public Optional<String> apply(String value, Map<String, String> original, Map<String, String> translated) {
            return Optional.empty();
        }
    }

    record Refused(String key, String instead) implements ForeignSetting {
        @Override
        public String meaning() {
            return "refused: " + instead;
        }

        @Override
        public Optional<String> apply(String value, Map<String, String> original, Map<String, String> translated) throws Refusal {
            throw new Refusal(value, instead);
        }
    }
}
