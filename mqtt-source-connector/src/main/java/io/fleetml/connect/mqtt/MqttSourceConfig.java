package io.fleetml.connect.mqtt;

import io.fleetml.connect.common.config.CrossSettingRule;
import io.fleetml.connect.common.config.EnumSetting;
import io.fleetml.connect.common.config.ForeignSetting;
import io.fleetml.connect.common.config.ForeignSetting.Conversion;
import io.fleetml.connect.common.config.ForeignSettings;
import io.fleetml.connect.common.config.InvalidSetting;
import io.fleetml.connect.common.payload.PayloadSettings;
import io.fleetml.connect.common.policy.Endpoint;
import io.fleetml.connect.common.policy.WorkerPolicy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Settings of the MQTT source: the broker connection, what to subscribe to, how messages become records, TLS and errors. */
public final class MqttSourceConfig extends AbstractConfig {
    public static final String SERVER_URIS_CONFIG = "mqtt.server.uris";
    public static final String VERSION_CONFIG = "mqtt.version";
    public static final String CLIENT_ID_CONFIG = "mqtt.client.id";
    public static final String SESSION_PERSISTENT_CONFIG = "mqtt.session.persistent";
    public static final String SESSION_EXPIRY_CONFIG = "mqtt.session.expiry.seconds";
    public static final String KEEP_ALIVE_CONFIG = "mqtt.keepalive.seconds";
    public static final String CONNECT_TIMEOUT_CONFIG = "mqtt.connect.timeout.ms";
    public static final String BACKOFF_INITIAL_CONFIG = "mqtt.reconnect.backoff.initial.ms";
    public static final String BACKOFF_MAX_CONFIG = "mqtt.reconnect.backoff.max.ms";
    public static final String MAX_OUTAGE_CONFIG = "mqtt.max.outage.ms";

    public static final String TOPICS_CONFIG = "mqtt.topics";
    public static final String QOS_CONFIG = "mqtt.qos";
    public static final String SHARED_CONFIG = "mqtt.shared.subscriptions";
    public static final String SHARED_GROUP_CONFIG = "mqtt.shared.group";

    public static final String KAFKA_TOPIC_CONFIG = "kafka.topic";
    public static final String KAFKA_KEY_CONFIG = "kafka.key";
    public static final String KAFKA_TOPIC_CAPTURE_CONFIG = "kafka.topic.capture.regex";
    public static final String MAX_PACKET_BYTES_CONFIG = "mqtt.max.packet.bytes";
    /** The largest packet MQTT can express (section 2.2.3 of MQTT 5: a four-byte remaining length). */
    static final int PROTOCOL_MAX_PACKET_BYTES = 268_435_460;
    public static final String PAYLOAD_FORMAT_CONFIG = PayloadSettings.FORMAT_CONFIG;
    public static final String PAYLOAD_MAX_BYTES_CONFIG = PayloadSettings.MAX_BYTES_CONFIG;

    public static final String MAX_INFLIGHT_CONFIG = "mqtt.max.inflight";
    public static final String MAX_INFLIGHT_BYTES_CONFIG = "mqtt.max.inflight.bytes";
    public static final String BATCH_MAX_RECORDS_CONFIG = "batch.max.records";
    public static final String POLL_WAIT_CONFIG = "poll.max.wait.ms";

    public static final String USERNAME_CONFIG = "mqtt.username";
    public static final String PASSWORD_CONFIG = "mqtt.password";
    public static final String TRUSTSTORE_LOCATION_CONFIG = "mqtt.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "mqtt.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE_CONFIG = "mqtt.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION_CONFIG = "mqtt.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD_CONFIG = "mqtt.ssl.keystore.password";
    public static final String KEYSTORE_TYPE_CONFIG = "mqtt.ssl.keystore.type";
    public static final String KEY_PASSWORD_CONFIG = "mqtt.ssl.key.password";
    public static final String HOSTNAME_VERIFICATION_CONFIG = "mqtt.ssl.endpoint.identification.enabled";

    public static final String ERRORS_TOPIC_CONFIG = "errors.topic";

    /** Connect passes the connector's name to the connector and its tasks under this key. */
    static final String CONNECTOR_NAME = "name";
    static final String TASK_NUMBER = "task.number";
    static final String TASK_COUNT = "task.count";

    /** Half of the receive maximum the client announces, leaving the other half to acknowledgements not yet sent. */
    static final int MAX_INFLIGHT_LIMIT = 32_768;

    /** The MQTT protocol version, named as the setting names it. */
    public enum MqttVersion implements EnumSetting.Named {
        V5("5"), V3("3");

        private final String settingValue;

        MqttVersion(String settingValue) {
            this.settingValue = settingValue;
        }

        @Override
        public String settingValue() {
            return settingValue;
        }
    }

    /** The file types of trust and key stores; PKCS12 and JKS are what {@code KeyStore.getInstance} calls them. */
    public enum StoreType implements EnumSetting.Named {
        PKCS12, JKS, PEM;

        @Override
        public String settingValue() {
            return name();
        }
    }

    private static final EnumSetting<MqttVersion> VERSIONS = EnumSetting.of(MqttVersion.class);
    private static final EnumSetting<StoreType> STORE_TYPES = EnumSetting.of(StoreType.class);
    private static final ConfigDef.Validator SERVER_URIS = ConfigDef.LambdaValidator.with((name, value) -> {
        List<?> uris = (List<?>) value;
        if (uris == null || uris.isEmpty()) {
            throw new ConfigException(name, value, "at least one broker is needed");
        }
        for (Object uri : uris) {
            try {
                URI parsed = URI.create(uri.toString().trim());
                if (!("tcp".equals(parsed.getScheme()) || "ssl".equals(parsed.getScheme())) || parsed.getHost() == null
                        || parsed.getPort() < 0) {
                    throw new IllegalArgumentException("not tcp://host:port or ssl://host:port");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, uri, e.getMessage());
            }
            WorkerPolicy.current().checkEndpoint(name, uri.toString().trim(), Endpoint.ofUrl(uri.toString()));
        }
    }, () -> "tcp://host:port or ssl://host:port, comma-separated, each one that " + WorkerPolicy.ENDPOINTS_ENV + " allows");
    /** A store file the worker policy allows; TLS reads it from where the check found it leads ({@link TlsContexts}). */
    private static final ConfigDef.Validator ALLOWED_FILE = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value != null) {
            WorkerPolicy.current().checkPath(name, value.toString());
        }
    }, () -> "a file in a directory " + WorkerPolicy.PATHS_ENV + " allows (any file where it is not set)");
    private static final ConfigDef.Validator REGEX = ConfigDef.LambdaValidator.with((name, value) -> {
        try {
            Pattern.compile(String.valueOf(value));
        } catch (PatternSyntaxException e) {
            throw new ConfigException(name, value, "not a regular expression: " + e.getDescription());
        }
    }, () -> "a Java regular expression");
    private static final ConfigDef.Validator TOPIC_FILTERS = ConfigDef.LambdaValidator.with((name, value) -> {
        List<?> filters = (List<?>) value;
        if (filters == null || filters.isEmpty()) {
            throw new ConfigException(name, value, "at least one topic filter is needed");
        }
        for (Object filter : filters) {
            try {
                TopicPattern.parse(filter.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, filter, e.getMessage());
            }
        }
    }, () -> "MQTT topic filters; {name} captures one level");

    private static final List<CrossSettingRule<MqttSourceConfig>> RULES = List.of(
            new CrossSettingRule<>(SHARED_CONFIG, config -> !config.sharedSubscriptions() && config.taskCount() > 1,
                    config -> "tasks.max is " + config.taskCount() + ": without shared subscriptions every task would "
                            + "receive every message"),
            // A task connects to any of the brokers, so one tcp:// among them would get the password in the clear.
            CrossSettingRule.of(PASSWORD_CONFIG,
                    config -> config.password() != null
                            && config.serverUris().stream().anyMatch(uri -> !Endpoint.isTlsUrl(uri.toString())),
                    "a password is never sent without TLS: name every broker in " + SERVER_URIS_CONFIG + " as ssl://"));

    private static final String GROUP_CONNECTION = "Connection";
    private static final String GROUP_SUBSCRIPTION = "Subscription";
    private static final String GROUP_RECORDS = "Records";
    private static final String GROUP_FLOW = "Flow control";
    private static final String GROUP_SECURITY = "Security";
    private static final String GROUP_ERRORS = "Errors";

    /**
     * Confluent's MQTT source (io.confluent.connect.mqtt.MqttSourceConnector): its keys that this source has under
     * another name. Its mqtt.topics, kafka.topic, mqtt.qos, mqtt.username, mqtt.password and mqtt.ssl.key.password have
     * the same names and meaning here.
     */
    static final ForeignSettings CONFLUENT = new ForeignSettings("Confluent's MQTT source",
            "Confluent MQTT source settings", List.of(
            ForeignSetting.alias("mqtt.server.uri", SERVER_URIS_CONFIG, Conversion.SAME),
            ForeignSetting.alias("mqtt.clean.session.enabled", SESSION_PERSISTENT_CONFIG, Conversion.NEGATED),
            ForeignSetting.alias("mqtt.connect.timeout.seconds", CONNECT_TIMEOUT_CONFIG, Conversion.SECONDS_TO_MILLIS),
            ForeignSetting.alias("mqtt.keepalive.interval.seconds", KEEP_ALIVE_CONFIG, Conversion.SAME),
            ForeignSetting.alias("mqtt.ssl.trust.store.path", TRUSTSTORE_LOCATION_CONFIG, Conversion.SAME),
            ForeignSetting.secretAlias("mqtt.ssl.trust.store.password", TRUSTSTORE_PASSWORD_CONFIG),
            ForeignSetting.alias("mqtt.ssl.key.store.path", KEYSTORE_LOCATION_CONFIG, Conversion.SAME),
            ForeignSetting.secretAlias("mqtt.ssl.key.store.password", KEYSTORE_PASSWORD_CONFIG),
            ForeignSetting.alias("records.buffer.max.batch.size", BATCH_MAX_RECORDS_CONFIG, Conversion.SAME),
            ForeignSetting.alias("records.buffer.queue.size", MAX_INFLIGHT_CONFIG, Conversion.SAME),
            ForeignSetting.refused("records.buffer.queue.empty.timeout",
                    "use " + POLL_WAIT_CONFIG + " (milliseconds), the longest a poll() waits for a first message"),
            ForeignSetting.refused("records.buffer.queue.full.timeout",
                    "a task whose window (" + MAX_INFLIGHT_CONFIG + ") is full stops taking messages until Kafka catches "
                            + "up, and never drops one; remove the setting"),
            ForeignSetting.notNeeded("confluent.license", "no licence is needed"),
            ForeignSetting.notNeeded("confluent.topic.bootstrap.servers", "no licence topic is used"),
            ForeignSetting.notNeeded("confluent.topic.replication.factor", "no licence topic is used")));

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef()
                .define(SERVER_URIS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, SERVER_URIS, Importance.HIGH,
                        "Brokers as tcp://host:1883 or ssl://host:8883. With several, a task fails over to the next one "
                                + "on each reconnect attempt. Where the worker sets " + WorkerPolicy.ENDPOINTS_ENV
                                + ", only brokers it lists.", GROUP_CONNECTION, 1, Width.LONG, "Server URIs")
                .define(VERSION_CONFIG, Type.STRING, "5", VERSIONS.validator(), Importance.MEDIUM,
                        "MQTT protocol version: 5, or 3 for MQTT 3.1.1.", GROUP_CONNECTION, 2, Width.SHORT, "MQTT version",
                        VERSIONS.recommender())
                .define(CLIENT_ID_CONFIG, Type.STRING, "fleetml", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Prefix of the client ids. Each task connects as <prefix>-<connector name>-<task number>, the same id "
                                + "after every restart, so its persistent session and the messages queued in it are found again.",
                        GROUP_CONNECTION, 3, Width.MEDIUM, "Client id prefix")
                .define(SESSION_PERSISTENT_CONFIG, Type.BOOLEAN, true, Importance.HIGH,
                        "Keep the session while a task is away, so QoS 1 and 2 messages wait in the broker (MQTT 3: clean "
                                + "session false; MQTT 5: clean start false with mqtt.session.expiry.seconds). Without it, "
                                + "messages published while no task is connected are lost.",
                        GROUP_CONNECTION, 4, Width.SHORT, "Persistent session")
                .define(SESSION_EXPIRY_CONFIG, Type.LONG, 7 * 24 * 3600L, ConfigDef.Range.between(0, 0xFFFFFFFFL), Importance.MEDIUM,
                        "MQTT 5: how long the broker keeps a persistent session after its task left. Tasks removed by "
                                + "lowering tasks.max leave their sessions to expire after this.",
                        GROUP_CONNECTION, 5, Width.SHORT, "Session expiry")
                .define(KEEP_ALIVE_CONFIG, Type.INT, 60, ConfigDef.Range.between(0, 65535), Importance.LOW,
                        "Keep-alive interval in seconds.", GROUP_CONNECTION, 6, Width.SHORT, "Keep alive")
                .define(CONNECT_TIMEOUT_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(100), Importance.LOW,
                        "Timeout of one connect attempt (TCP, TLS handshake and CONNACK).", GROUP_CONNECTION, 7, Width.SHORT, "Connect timeout")
                .define(BACKOFF_INITIAL_CONFIG, Type.LONG, 250L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "First delay before reconnecting; it doubles on every failed attempt, with jitter, up to "
                                + BACKOFF_MAX_CONFIG + ". The first connect is retried the same way.",
                        GROUP_CONNECTION, 8, Width.SHORT, "Reconnect backoff")
                .define(BACKOFF_MAX_CONFIG, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Largest delay between reconnect attempts.", GROUP_CONNECTION, 9, Width.SHORT, "Reconnect backoff max")
                .define(MAX_OUTAGE_CONFIG, Type.LONG, 300_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "A task that cannot reach any broker for this long fails with the last connection error, so the "
                                + "outage is visible in the REST API instead of a task that is RUNNING and idle. Rejected "
                                + "credentials and TLS failures fail the task at once.",
                        GROUP_CONNECTION, 10, Width.SHORT, "Maximum outage")

                .define(TOPICS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, TOPIC_FILTERS, Importance.HIGH,
                        "Topic filters to subscribe to. MQTT wildcards + and # work as usual; a level written {name} "
                                + "matches one level like + and captures it for kafka.topic and kafka.key, e.g. vehicles/{vin}/{signal}.",
                        GROUP_SUBSCRIPTION, 1, Width.LONG, "Topic filters")
                .define(QOS_CONFIG, Type.INT, 1, ConfigDef.Range.between(0, 2), Importance.HIGH,
                        "Subscription QoS. 1 and 2 are at-least-once into Kafka: a message is acknowledged to the broker only "
                                + "after Kafka has it. 0 is at-most-once: the broker does not keep or resend such messages.",
                        GROUP_SUBSCRIPTION, 2, Width.SHORT, "QoS")
                .define(SHARED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Subscribe through shared subscriptions ($share/<group>/<filter>), so each message goes to one task of "
                                + "the connector and tasks.max can change without losing or doubling messages. Turn off only for "
                                + "brokers without shared subscriptions; then tasks.max must be 1.",
                        GROUP_SUBSCRIPTION, 3, Width.SHORT, "Shared subscriptions")
                .define(SHARED_GROUP_CONFIG, Type.STRING, "", Importance.LOW,
                        "Share name of the shared subscriptions; the connector name when empty.",
                        GROUP_SUBSCRIPTION, 4, Width.MEDIUM, "Share group")

                .define(KAFKA_TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Kafka topic of the records; may use captures of mqtt.topics, e.g. telemetry.{signal}.",
                        GROUP_RECORDS, 1, Width.MEDIUM, "Kafka topic")
                .define(KAFKA_KEY_CONFIG, Type.STRING, "", Importance.MEDIUM,
                        "Record key (a string) built from captures, e.g. {vin}; the MQTT topic when empty.",
                        GROUP_RECORDS, 2, Width.MEDIUM, "Kafka key")
                .define(KAFKA_TOPIC_CAPTURE_CONFIG, Type.STRING, "[A-Za-z0-9_-]{1,64}", REGEX, Importance.MEDIUM,
                        "A regular expression every capture used in " + KAFKA_TOPIC_CONFIG + " must match in full. Captures "
                                + "come from the MQTT topic, which devices choose: without a bound a device could make the "
                                + "task write to, and with topic auto-creation create, any Kafka topic. A message whose "
                                + "capture does not match goes to " + ERRORS_TOPIC_CONFIG + " (or fails the task when it is "
                                + "not set). The default allows no '.', so a capture cannot reach into another topic "
                                + "namespace.", GROUP_RECORDS, 3, Width.MEDIUM, "Kafka topic captures");
        PayloadSettings.define(def, GROUP_RECORDS, 4);
        def
                .define(MAX_INFLIGHT_CONFIG, Type.INT, 1000, ConfigDef.Range.between(1, MAX_INFLIGHT_LIMIT), Importance.MEDIUM,
                        "Messages a task holds that Kafka has not acknowledged yet, and the receive maximum it announces "
                                + "to MQTT 5 brokers, so the backlog stays in the broker and a crash leaves at most this many "
                                + "duplicates. A broker that sends more anyway (Mosquitto 2.0 on session resume) "
                                + "is told " + BrokerConnection.TOLERANT_RECEIVE_MAXIMUM + " from the next connection on. At most "
                                + MAX_INFLIGHT_LIMIT + ".",
                        GROUP_FLOW, 1, Width.SHORT, "Max in-flight messages")
                .define(MAX_INFLIGHT_BYTES_CONFIG, Type.LONG, 32L * 1024 * 1024, ConfigDef.Range.atLeast(64 * 1024), Importance.MEDIUM,
                        "Payload bytes a task holds that Kafka has not acknowledged yet; past this it takes no more "
                                + "messages from the client until Kafka catches up (the client holds at most "
                                + MAX_INFLIGHT_CONFIG + " more, as the receive maximum).",
                        GROUP_FLOW, 2, Width.SHORT, "Max in-flight bytes")
                .define(MAX_PACKET_BYTES_CONFIG, Type.INT, 16 * 1024 * 1024, ConfigDef.Range.between(1024, PROTOCOL_MAX_PACKET_BYTES),
                        Importance.LOW, "Largest MQTT packet the task accepts, announced to MQTT 5 brokers as the maximum "
                                + "packet size, so one huge publish cannot fill the worker's memory. The MQTT 5 "
                                + "specification makes a broker discard a message it may not send, so set it above any "
                                + "message the fleet sends; messages larger than payload.max.bytes but within this limit "
                                + "go to " + ERRORS_TOPIC_CONFIG + ". MQTT 3.1.1 has no such announcement: there the "
                                + "broker's own limit applies (Mosquitto: max_packet_size).",
                        GROUP_FLOW, 3, Width.SHORT, "Max packet size")
                .define(BATCH_MAX_RECORDS_CONFIG, Type.INT, 1000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Most records one poll() returns.", GROUP_FLOW, 4, Width.SHORT, "Batch size")
                .define(POLL_WAIT_CONFIG, Type.LONG, 100L, ConfigDef.Range.between(1, 10_000), Importance.LOW,
                        "Longest a poll() waits for a first message.", GROUP_FLOW, 5, Width.SHORT, "Poll wait")

                .define(USERNAME_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "User name for the broker.", GROUP_SECURITY, 1, Width.MEDIUM, "User name")
                .define(PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password for the broker (use a config provider, e.g. ${file:...}). Only for ssl:// brokers: a "
                                + "password is never sent without TLS.", GROUP_SECURITY, 2, Width.MEDIUM, "Password")
                .define(TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, ALLOWED_FILE, Importance.MEDIUM,
                        "Trust store for ssl:// brokers: PKCS12 or JKS file, or PEM file of CA certificates, in a "
                                + "directory the worker's " + WorkerPolicy.PATHS_ENV + " allows. The JVM's default trust "
                                + "store when empty.", GROUP_SECURITY, 3, Width.LONG, "Trust store")
                .define(TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password of the trust store (not needed for PEM).", GROUP_SECURITY, 4, Width.MEDIUM, "Trust store password")
                .define(TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", STORE_TYPES.validator(),
                        Importance.LOW, "PKCS12, JKS or PEM.", GROUP_SECURITY, 5, Width.SHORT, "Trust store type",
                        STORE_TYPES.recommender())
                .define(KEYSTORE_LOCATION_CONFIG, Type.STRING, null, ALLOWED_FILE, Importance.MEDIUM,
                        "Client certificate and key for mutual TLS: PKCS12 or JKS file, or one PEM file with the certificate "
                                + "chain and an unencrypted PKCS#8 private key, in a directory the worker's "
                                + WorkerPolicy.PATHS_ENV + " allows.", GROUP_SECURITY, 6, Width.LONG, "Key store")
                .define(KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password of the key store (not needed for PEM).", GROUP_SECURITY, 7, Width.MEDIUM, "Key store password")
                .define(KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", STORE_TYPES.validator(),
                        Importance.LOW, "PKCS12, JKS or PEM.", GROUP_SECURITY, 8, Width.SHORT, "Key store type",
                        STORE_TYPES.recommender())
                .define(KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                        "Password of the private key in the key store; the key store password when empty.",
                        GROUP_SECURITY, 9, Width.MEDIUM, "Key password")
                .define(HOSTNAME_VERIFICATION_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                        "Check that the broker's certificate names the host in mqtt.server.uris.",
                        GROUP_SECURITY, 10, Width.SHORT, "Hostname verification")

                .define(ERRORS_TOPIC_CONFIG, Type.STRING, "", Importance.HIGH,
                        "Topic for messages that cannot become records (payload not in payload.format, too large, no valid "
                                + "Kafka topic): their raw payload and headers naming the MQTT topic and the error. They are "
                                + "acknowledged to the broker only after this topic has them. Empty: such a message fails the task.",
                        GROUP_ERRORS, 1, Width.MEDIUM, "Errors topic");
        return CONFLUENT.define(def);
    }

    public MqttSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, CONFLUENT.translate(props).settingsOrThrow());
        CrossSettingRule.enforce(this, RULES, key -> values().get(key));
        checkCaptures(KAFKA_TOPIC_CONFIG, kafkaTopic());
        if (kafkaKey() != null) {
            checkCaptures(KAFKA_KEY_CONFIG, kafkaKey());
        }
    }

    private void checkCaptures(String key, Template template) {
        for (TopicPattern pattern : topicPatterns()) {
            for (String name : template.names()) {
                if (!pattern.captureNames().contains(name)) {
                    throw new InvalidSetting(key, template.toString(), "{" + name + "} is not captured by the topic filter '"
                            + pattern + "' of " + TOPICS_CONFIG);
                }
            }
        }
    }

    public List<URI> serverUris() {
        return getList(SERVER_URIS_CONFIG).stream().map(URI::create).toList();
    }

    public boolean mqtt5() {
        return VERSIONS.parse(getString(VERSION_CONFIG)) == MqttVersion.V5;
    }

    public String connectorName() {
        String name = originalsStrings().get(CONNECTOR_NAME);
        return name == null || name.isBlank() ? "mqtt-source" : name;
    }

    public int taskNumber() {
        return Integer.parseInt(originalsStrings().getOrDefault(TASK_NUMBER, "0"));
    }

    int taskCount() {
        return Integer.parseInt(originalsStrings().getOrDefault(TASK_COUNT, "1"));
    }

    /** Deterministic per task, so a restarted task resumes its own persistent session. */
    public String clientId() {
        return getString(CLIENT_ID_CONFIG) + "-" + connectorName() + "-" + taskNumber();
    }

    public boolean persistentSession() {
        return getBoolean(SESSION_PERSISTENT_CONFIG);
    }

    public long sessionExpirySeconds() {
        return getLong(SESSION_EXPIRY_CONFIG);
    }

    public int keepAliveSeconds() {
        return getInt(KEEP_ALIVE_CONFIG);
    }

    public int connectTimeoutMs() {
        return getInt(CONNECT_TIMEOUT_CONFIG);
    }

    public long backoffInitialMs() {
        return getLong(BACKOFF_INITIAL_CONFIG);
    }

    public long backoffMaxMs() {
        return getLong(BACKOFF_MAX_CONFIG);
    }

    public long maxOutageMs() {
        return getLong(MAX_OUTAGE_CONFIG);
    }

    public List<TopicPattern> topicPatterns() {
        return getList(TOPICS_CONFIG).stream().map(TopicPattern::parse).toList();
    }

    public int qos() {
        return getInt(QOS_CONFIG);
    }

    public boolean sharedSubscriptions() {
        return getBoolean(SHARED_CONFIG);
    }

    public String sharedGroup() {
        String group = getString(SHARED_GROUP_CONFIG);
        return group.isEmpty() ? connectorName().replaceAll("[/+#]", "_") : group;
    }

    public Template kafkaTopic() {
        return Template.parse(KAFKA_TOPIC_CONFIG, getString(KAFKA_TOPIC_CONFIG));
    }

    /** Null when the key is the MQTT topic. */
    public Template kafkaKey() {
        String key = getString(KAFKA_KEY_CONFIG);
        return key.isEmpty() ? null : Template.parse(KAFKA_KEY_CONFIG, key);
    }

    public Pattern kafkaTopicCapturePattern() {
        return Pattern.compile(getString(KAFKA_TOPIC_CAPTURE_CONFIG));
    }

    public int maxPacketBytes() {
        return getInt(MAX_PACKET_BYTES_CONFIG);
    }

    public PayloadSettings payload() {
        return PayloadSettings.of(this);
    }

    public int maxInflight() {
        return getInt(MAX_INFLIGHT_CONFIG);
    }

    public long maxInflightBytes() {
        return getLong(MAX_INFLIGHT_BYTES_CONFIG);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS_CONFIG);
    }

    public long pollWaitMs() {
        return getLong(POLL_WAIT_CONFIG);
    }

    public String username() {
        return getString(USERNAME_CONFIG);
    }

    public Password password() {
        return getPassword(PASSWORD_CONFIG);
    }

    public String trustStoreLocation() {
        return getString(TRUSTSTORE_LOCATION_CONFIG);
    }

    public Password trustStorePassword() {
        return getPassword(TRUSTSTORE_PASSWORD_CONFIG);
    }

    public StoreType trustStoreType() {
        return STORE_TYPES.parse(getString(TRUSTSTORE_TYPE_CONFIG));
    }

    public String keyStoreLocation() {
        return getString(KEYSTORE_LOCATION_CONFIG);
    }

    public Password keyStorePassword() {
        return getPassword(KEYSTORE_PASSWORD_CONFIG);
    }

    public StoreType keyStoreType() {
        return STORE_TYPES.parse(getString(KEYSTORE_TYPE_CONFIG));
    }

    public Password keyPassword() {
        Password key = getPassword(KEY_PASSWORD_CONFIG);
        return key != null ? key : keyStorePassword();
    }

    public boolean hostnameVerification() {
        return getBoolean(HOSTNAME_VERIFICATION_CONFIG);
    }

    /** Null when bad messages fail the task. */
    public String errorsTopic() {
        String topic = getString(ERRORS_TOPIC_CONFIG);
        return topic.isBlank() ? null : topic;
    }
}
