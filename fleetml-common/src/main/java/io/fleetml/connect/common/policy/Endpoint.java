package io.fleetml.connect.common.policy;

import java.net.URI;
import java.util.Locale;

/**
 * A network endpoint a plugin is configured to connect to, as {@link WorkerPolicy} compares it: the host as written
 * (in lower case; no name is resolved), the port, and whether the connection uses TLS.
 *
 * @param host the host name or address, in lower case
 * @param port the port, or -1 where the setting names none and its scheme has no default
 * @param tls  whether the plugin speaks TLS to it
 */
public record Endpoint(String host, int port, boolean tls) {
    public Endpoint {
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * The endpoint of a URL whose scheme, in any case, is https or ssl (TLS) or http or tcp (plaintext); http and https
     * default to ports 80 and 443.
     *
     * @throws IllegalArgumentException for another scheme or a URL without a host
     */
    public static Endpoint ofUrl(String url) {
        URI uri = URI.create(url.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = Schemes.isTls(scheme);
        int port = uri.getPort() >= 0 ? uri.getPort() : Schemes.defaultPort(scheme);
        return new Endpoint(hostOf(uri, url), port, tls);
    }

    /**
     * The endpoint of {@code host:port} without a scheme, as gRPC names its targets; {@code tls} says how the plugin
     * talks to it.
     *
     * @throws IllegalArgumentException when it has no host
     */
    public static Endpoint ofHostAndPort(String hostAndPort, boolean tls) {
        URI uri = URI.create("//" + hostAndPort.trim());
        return new Endpoint(hostOf(uri, hostAndPort), uri.getPort(), tls);
    }

    /** Whether a URL's scheme, compared in any case, is one that speaks TLS: false for http://, HTTP://, tcp://. */
    public static boolean isTlsUrl(String url) {
        int colon = url.indexOf(':');
        return colon > 0 && Schemes.TLS.contains(url.substring(0, colon).trim().toLowerCase(Locale.ROOT));
    }

    private static String hostOf(URI uri, String text) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' names no host");
        }
        return uri.getHost();
    }
}
