package io.fleetml.connect.fraud;

import java.util.regex.Pattern;

/**
 * A {@code gs://bucket/prefix/} model location. The prefix is a "directory": empty for the bucket's root, otherwise
 * ending in a slash, so {@code gs://models/payments} and {@code gs://models/payments/} are the same location and never
 * also match {@code payments-old/}.
 */
record GcsLocation(String bucket, String prefix) {
    static final String SCHEME = "gs://";
    /** Cloud Storage's naming rules, loosely: enough to catch a typo before a request is made. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

    static boolean isGcs(String location) {
        return location.startsWith(SCHEME);
    }

    /** Parses {@code gs://bucket/prefix}; an {@link IllegalArgumentException} says what is wrong with it. */
    static GcsLocation parse(String location) {
        if (!isGcs(location)) {
            throw new IllegalArgumentException("does not start with " + SCHEME);
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not a bucket name: 3 to 222 lowercase letters, "
                    + "digits, dots, dashes and underscores, starting and ending with a letter or digit; write "
                    + SCHEME + "bucket/prefix/");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (prefix.startsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException("the path after the bucket has an empty segment");
        }
        return new GcsLocation(bucket, prefix);
    }

    /** The "directory" {@code name} below this one. */
    GcsLocation child(String name) {
        return new GcsLocation(bucket, prefix + name + "/");
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
