package io.fleetml.connect.common.gcp;

import io.fleetml.connect.common.config.InvalidSetting;

import java.util.regex.Pattern;

/**
 * A {@code gs://bucket/prefix} location, parsed once with an error that names the setting it came from. The prefix is
 * treated as a directory: it is empty or ends with {@code /}, so {@code gs://b/models/payments} never also matches
 * the objects of {@code gs://b/models/payments-eu}.
 *
 * @param bucket the bucket name
 * @param prefix the object name prefix, empty or ending with {@code /}
 */
public record GcsLocation(String bucket, String prefix) {
    public static final String SCHEME = "gs://";

    // Cloud Storage's naming rules, loosely: lower-case letters, digits, dots, dashes and underscores, 3 to 222 long.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

    public GcsLocation {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' must be empty or end with /");
        }
    }

    /** Whether {@code location} is meant as a Cloud Storage location rather than a local path. */
    public static boolean isGcs(String location) {
        return location != null && location.startsWith(SCHEME);
    }

    /**
     * Parses {@code gs://bucket}, {@code gs://bucket/} or {@code gs://bucket/some/prefix[/]}; {@code setting} names
     * the option or config key in the error.
     */
    public static GcsLocation parse(String location, String setting) {
        if (!isGcs(location)) {
            throw new InvalidSetting(setting, location, "not a gs://bucket/prefix location");
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw new InvalidSetting(setting, location, "'" + bucket + "' is not a valid bucket name (3 to 222 "
                    + "lower-case letters, digits, dots, dashes or underscores, starting and ending with a letter or digit)");
        }
        if (path.startsWith("/") || path.contains("//")) {
            throw new InvalidSetting(setting, location, "the object prefix has an empty path segment (//)");
        }
        return new GcsLocation(bucket, path.isEmpty() || path.endsWith("/") ? path : path + "/");
    }

    /** The "directory" {@code name} right below this one, such as a numbered model version. */
    public GcsLocation child(String name) {
        return new GcsLocation(bucket, prefix + name + "/");
    }

    /** The name of the object at {@code relativeName} below this location. */
    public String objectName(String relativeName) {
        return prefix + relativeName;
    }

    /** The {@code gs://} form of an object in this location's bucket, for messages. */
    public String uri(String objectName) {
        return SCHEME + bucket + "/" + objectName;
    }

    @Override
    public String toString() {
        return uri(prefix);
    }
}
