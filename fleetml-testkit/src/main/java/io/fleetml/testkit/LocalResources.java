package io.fleetml.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** What every fixture that runs a server needs: a free loopback port to listen on. */
public final class LocalResources {
    private LocalResources() {
    }

    /** A port free on 127.0.0.1 right now; the fixture binds it next. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
