package io.fleetml.connect.common.policy;

import java.net.URI;
import java.util.Locale;

/**
 * One entry of {@link WorkerPolicy#ENDPOINTS_ENV}: {@code host}, {@code host:port} or either behind a scheme. A port
 * narrows it to that port, a scheme to TLS (https://, ssl://) or to plaintext (http://, tcp://) connections.
 *
 * @param host the host, in lower case
 * @param port the one port allowed, or -1 for any
 * @param tls  TLS only (true), plaintext only (false) or either (null)
 */
record AllowedEndpoint(String host, int port, Boolean tls) {
    /** @throws IllegalArgumentException for an entry without a host or with another scheme */
    static AllowedEndpoint parse(String entry) {
        String text = entry.trim();
        int scheme = text.indexOf("://");
        URI uri = URI.create(scheme >= 0 ? text : "//" + text);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' names no host");
        }
        Boolean tls = scheme >= 0 ? Schemes.isTls(uri.getScheme().toLowerCase(Locale.ROOT)) : null;
        return new AllowedEndpoint(uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(), tls);
    }

    boolean allows(Endpoint endpoint) {
        return host.equals(endpoint.host()) && (port < 0 || port == endpoint.port())
                && (tls == null || tls == endpoint.tls());
    }
}
