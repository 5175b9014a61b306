package io.fleetml.model.features;

import io.fleetml.connect.common.FieldPath;
import io.fleetml.connect.common.FieldSyntax;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parser of feature expressions, the entries of the {@code features} setting. An expression is either a field path
 * or one function applied to field paths:
 *
 * <table>
 *   <caption>Feature expressions</caption>
 *   <tr><th>expression</th><th>width</th><th>value</th></tr>
 *   <tr><td>{@code vehicle.speed}</td><td>1</td><td>the number in the field</td></tr>
 *   <tr><td>{@code log1p(amount)}</td><td>1</td><td>ln(1 + x); x must be greater than -1</td></tr>
 *   <tr><td>{@code hour_sin(ts)}, {@code hour_cos(ts)}</td><td>1</td><td>sin and cos of 2&pi;&middot;hour/24 for the
 *       UTC time of day of epoch milliseconds (a number or a Connect {@code Timestamp}), fraction of the hour included</td></tr>
 *   <tr><td>{@code distance_km(vehicle.location.lat,vehicle.location.lon,merchant.location.lat,merchant.location.lon)}</td>
 *       <td>1</td><td>haversine distance in km between two positions given in degrees</td></tr>
 *   <tr><td>{@code onehot(merchant.category:fuel|parking|food)}</td><td>3</td><td>1 for the category the string
 *       equals, 0 for the others; a string not listed gives all zeros</td></tr>
 * </table>
 *
 * <p>Paths use Kafka's V2 field syntax (KIP-821): dots step into nested Structs and Maps, and a name containing dots,
 * commas, colons or parentheses is wrapped in backticks ({@code `geo.lat`}), with a backtick inside written {@code \`}.
 * Function names are lower case, functions do not nest, and spaces around paths and categories are ignored.
 * Categories cannot contain {@code , | ( )}. Numbers must be Java numbers: a numeric string or a boolean is
 * treated as non-numeric, never converted.
 *
 * <p>Every mistake fails at configuration with a {@link ConfigException} that names the setting, the expression and what
 * is wrong, for example {@code Invalid value log2(amount) for configuration features: unknown function 'log2'; known
 * functions: log1p, hour_sin, hour_cos, distance_km, onehot}.
 */
public final class FeatureSpec {
    public static final String LOG1P = "log1p";
    public static final String HOUR_SIN = "hour_sin";
    public static final String HOUR_COS = "hour_cos";
    public static final String DISTANCE_KM = "distance_km";
    public static final String ONEHOT = "onehot";

    private static final List<String> FUNCTIONS = List.of(LOG1P, HOUR_SIN, HOUR_COS, DISTANCE_KM, ONEHOT);
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Separators of the expression syntax, allowed in field names only inside backticks. */
    private static final char[] RESERVED_IN_PATHS = {',', ':', '(', ')'};
    private static final char BACKTICK = '`';
    private static final char BACKSLASH = '\\';

    private FeatureSpec() {
    }

    /** Parses one expression; {@code configKey} names the setting it came from, for error messages. */
    public static Feature parse(String expression, String configKey) {
        String text = expression == null ? "" : expression.trim();
        if (text.isEmpty()) {
            throw new ConfigException(configKey, expression, "a feature expression must not be empty");
        }
        Scan scan = Scan.of(text, configKey, expression);
        int open = scan.indexOf('(', 0);
        if (open < 0) {
            return new PathFeature(path(text, expression, configKey, "the field path"));
        }
        String function = text.substring(0, open).trim();
        if (!FUNCTION_NAME.matcher(function).matches()) {
            throw new ConfigException(configKey, expression, function.isEmpty()
                    ? "a function name is missing before '('"
                    : "'" + function + "' is not a function name; wrap a field name containing parentheses in backticks");
        }
        if (!FUNCTIONS.contains(function)) {
            throw new ConfigException(configKey, expression, "unknown function '" + function + "'; known functions: "
                    + String.join(", ", FUNCTIONS));
        }
        int close = scan.indexOf(')', open + 1);
        int nested = scan.indexOf('(', open + 1);
        if (nested >= 0 && (close < 0 || nested < close)) {
            throw new ConfigException(configKey, expression, "functions do not nest: each argument is a field path");
        }
        if (close < 0) {
            throw new ConfigException(configKey, expression, "')' is missing at the end");
        }
        if (close != text.length() - 1) {
            throw new ConfigException(configKey, expression, "unexpected text after ')'");
        }
        String inner = text.substring(open + 1, close);
        List<String> args = inner.isBlank() ? List.of() : trimmed(Scan.of(inner, configKey, expression).split(','));
        return switch (function) {
            case LOG1P -> {
                FieldPath path = singlePath(function, args, expression, configKey);
                yield new Log1pFeature(call(function, args), path);
            }
            case HOUR_SIN, HOUR_COS -> {
                FieldPath path = singlePath(function, args, expression, configKey);
                yield new HourOfDayFeature(call(function, args), path, function.equals(HOUR_COS));
            }
            case DISTANCE_KM -> {
                requireArity(function, args, 4, "lat1,lon1,lat2,lon2", expression, configKey);
                List<FieldPath> paths = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    paths.add(path(args.get(i), expression, configKey, "argument " + (i + 1)));
                }
                yield new DistanceFeature(call(function, args), paths.get(0), paths.get(1), paths.get(2), paths.get(3));
            }
            case ONEHOT -> oneHot(args, expression, configKey);
            default -> throw new IllegalStateException("function listed but not parsed: " + function);
        };
    }

    /**
     * Splits the text of the {@code features} setting into expressions at the commas that separate them, leaving alone
     * the commas between a function's arguments (which is why the setting cannot be a plain Kafka {@code LIST}).
     * An empty entry, such as one left by a trailing comma, fails naming the setting.
     */
    public static List<String> split(String list, String configKey) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        List<String> expressions = new ArrayList<>();
        Scan scan = Scan.of(list, configKey, list);
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            if (scan.quoted(i)) {
                continue;
            }
            char c = list.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                expressions.add(entry(list, start, i, configKey));
                start = i + 1;
            }
        }
        expressions.add(entry(list, start, list.length(), configKey));
        return expressions;
    }

    private static String entry(String list, int start, int end, String configKey) {
        String entry = list.substring(start, end).trim();
        if (entry.isEmpty()) {
            throw new ConfigException(configKey, list, "empty feature expression at position " + start
                    + " (two commas in a row, or a leading or trailing comma)");
        }
        return entry;
    }

    private static Feature oneHot(List<String> args, String expression, String configKey) {
        requireArity(ONEHOT, args, 1, "path:a|b|c", expression, configKey);
        String arg = args.get(0);
        int colon = Scan.of(arg, configKey, expression).indexOf(':', 0);
        if (colon < 0) {
            throw new ConfigException(configKey, expression, "onehot needs its categories after a colon, as in "
                    + "onehot(merchant.category:fuel|parking|food)");
        }
        String pathText = arg.substring(0, colon).trim();
        FieldPath path = path(pathText, expression, configKey, "the field path");
        String listText = arg.substring(colon + 1);
        if (listText.isBlank()) {
            throw new ConfigException(configKey, expression, "the onehot category list is empty");
        }
        List<String> categories = trimmed(List.of(listText.split("\\|", -1)));
        for (int i = 0; i < categories.size(); i++) {
            String category = categories.get(i);
            if (category.isEmpty()) {
                throw new ConfigException(configKey, expression, "onehot category " + (i + 1) + " is empty");
            }
            if (categories.indexOf(category) != i) {
                throw new ConfigException(configKey, expression, "onehot category '" + category + "' is listed twice");
            }
        }
        String name = ONEHOT + "(" + pathText + ":" + String.join("|", categories) + ")";
        return new OneHotFeature(name, path, categories);
    }

    private static FieldPath singlePath(String function, List<String> args, String expression, String configKey) {
        requireArity(function, args, 1, "path", expression, configKey);
        return path(args.get(0), expression, configKey, "the argument");
    }

    private static void requireArity(String function, List<String> args, int arity, String signature,
                                     String expression, String configKey) {
        if (args.size() != arity) {
            throw new ConfigException(configKey, expression, function + " takes " + arity
                    + (arity == 1 ? " argument" : " arguments") + " (" + function + "(" + signature + ")), found " + args.size());
        }
    }

    private static FieldPath path(String text, String expression, String configKey, String what) {
        if (text.isEmpty()) {
            throw new ConfigException(configKey, expression, what + " is empty");
        }
        Scan scan = Scan.of(text, configKey, expression);
        for (char reserved : RESERVED_IN_PATHS) {
            if (scan.indexOf(reserved, 0) >= 0) {
                throw new ConfigException(configKey, expression, what + " '" + text + "' contains '" + reserved
                        + "' outside backticks; wrap a field name containing it in backticks");
            }
        }
        try {
            return FieldPath.parse(text, FieldSyntax.V2, configKey);
        } catch (ConfigException e) {
            throw new ConfigException(configKey, expression, what + " '" + text + "' is not a valid field path: "
                    + reason(e, text, configKey));
        }
    }

    /** The reason part of a ConfigException, without Kafka's "Invalid value ... for configuration ...: " prefix. */
    private static String reason(ConfigException e, String value, String configKey) {
        String prefix = "Invalid value " + value + " for configuration " + configKey + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String call(String function, List<String> args) {
        return function + "(" + String.join(",", args) + ")";
    }

    private static List<String> trimmed(List<String> parts) {
        return parts.stream().map(String::trim).toList();
    }

    private static boolean[] quotedMask(String text) {
        boolean[] quoted = new boolean[text.length()];
        boolean inside = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == BACKTICK) {
                quoted[i] = true;
                inside = !inside;
            } else if (inside && c == BACKSLASH && i + 1 < text.length() && text.charAt(i + 1) == BACKTICK) {
                quoted[i] = true;
                quoted[++i] = true;
            } else {
                quoted[i] = inside;
            }
        }
        return inside ? null : quoted;
    }

    /** Which characters of a text lie inside backticks, so separators there are taken as part of a field name. */
    private record Scan(String text, boolean[] quoted) {
        static Scan of(String text, String configKey, String expression) {
            boolean[] quoted = quotedMask(text);
            if (quoted == null) {
                throw new ConfigException(configKey, expression, "a backtick is never closed");
            }
            return new Scan(text, quoted);
        }

        boolean quoted(int index) {
            return quoted[index];
        }

        List<String> split(char separator) {
            List<String> parts = new ArrayList<>();
            int start = 0;
            for (int i = indexOf(separator, 0); i >= 0; i = indexOf(separator, i + 1)) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
            parts.add(text.substring(start));
            return parts;
        }

        int indexOf(char c, int from) {
            for (int i = from; i < text.length(); i++) {
                if (text.charAt(i) == c && !quoted[i]) {
                    return i;
                }
            }
            return -1;
        }
    }
}
