package io.fleetml.testkit.mqtt;

/** An MQTT broker listening on loopback, whichever implementation: what clients need to reach it. */
public interface RunningBroker extends AutoCloseable {
    int port();

    /** {@code tcp://127.0.0.1:<port>}, as {@code mqtt.server.uris} takes it. */
    default String tcpUri() {
        return "tcp://" + BrokerProcess.HOST + ":" + port();
    }

    @Override
    void close();
}
