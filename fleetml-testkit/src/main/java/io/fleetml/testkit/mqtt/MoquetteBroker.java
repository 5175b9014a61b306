package io.fleetml.testkit.mqtt;

import io.fleetml.connect.common.Directories;
import io.fleetml.testkit.LocalResources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Moquette broker (MQTT 3.1.1, in-memory sessions) in a JVM of its own on a free loopback port, from the
 * classpath the {@code mqtt-broker-moquette} module resolves; the integration tests name its {@code lib} directory in
 * the system property {@value #LIB_PROPERTY}. Tests skip themselves elsewhere:
 * {@code assumeTrue(MoquetteBroker.installed(), MoquetteBroker.MISSING)}.
 */
public final class MoquetteBroker implements RunningBroker {
    public static final String LIB_PROPERTY = "fleetml.moquette.lib";
    public static final String MISSING = "no Moquette classpath in -D" + LIB_PROPERTY + " (the integration-tests module unpacks it "
            + "from mqtt-broker-moquette); Moquette tests skipped";

    private final Path home;
    private final int port;
    private final BrokerProcess process;

    private MoquetteBroker(Path lib) throws IOException {
        home = Files.createTempDirectory("fleetml-moquette-");
        port = LocalResources.freePort();
        Path config = Files.createDirectories(home.resolve("config")).resolve("moquette.conf");
        Files.writeString(config, String.join("\n",
                "host " + BrokerProcess.HOST,
                "port " + port,
                "websocket_port disabled",
                "allow_anonymous true",
                // Sessions and their queues live in the broker's memory: they outlast the clients a test kills, not the
                // broker.
                "persistence_enabled false",
                ""));
        Path logging = home.resolve("log4j.properties");
        Files.writeString(logging, String.join("\n",
                "log4j.rootLogger=WARN, file",
                "log4j.appender.file=org.apache.log4j.FileAppender",
                "log4j.appender.file.File=" + home.resolve("moquette.log"),
                "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.file.layout.ConversionPattern=%d %p %c{1} %m%n",
                ""));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new BrokerProcess("moquette", List.of(java.toString(), "-Xmx512m", "-Dmoquette.path=" + home,
                "-Dlog4j.configuration=" + logging.toUri(), "-cp", lib.resolve("*").toString(), "io.moquette.broker.Server"),
                port, home.resolve("stdout.log"));
    }

    public static boolean installed() {
        String lib = System.getProperty(LIB_PROPERTY);
        return lib != null && Files.isDirectory(Path.of(lib));
    }

    /** Starts a broker from the classpath in {@value #LIB_PROPERTY} and returns once it accepts connections. */
    public static MoquetteBroker start() throws IOException {
        if (!installed()) {
            throw new IllegalStateException(MISSING);
        }
        MoquetteBroker broker = new MoquetteBroker(Path.of(System.getProperty(LIB_PROPERTY)));
        broker.process.start();
        return broker;
    }

    @Override
    public int port() {
        return port;
    }

    /** Stops the broker and deletes its configuration and logs. */
    @Override
    public void close() {
        process.stop();
        Directories.deleteTree(home);
    }
}
