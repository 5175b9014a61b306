package io.fleetml.connect.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of the fleet-ml bundle, stamped in at build time, which every plugin reports to Connect. */
public final class BundleVersion {
    private static final String VERSION = load();

    private BundleVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BundleVersion.class.getResourceAsStream("fleetml-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("fleetml-version.properties is missing from the fleetml-common jar");
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle version", e);
        }
    }
}
