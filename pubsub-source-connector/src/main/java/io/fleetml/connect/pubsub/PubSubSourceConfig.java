package io.fleetml.connect.pubsub;

import io.fleetml.connect.common.gcp.GcpCredentials;
import io.fleetml.connect.common.payload.PayloadSettings;
import io.fleetml.connect.common.policy.Endpoint;
import io.fleetml.connect.common.policy.WorkerPolicy;

import com.google.pubsub.v1.ProjectSubscriptionName;
import io.fleetml.connect.common.config.CrossSettingRule;
import io.fleetml.connect.common.config.ForeignSetting;
import io.fleetml.connect.common.config.ForeignSetting.Conversion;
import io.fleetml.connect.common.config.ForeignSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Settings of the Pub/Sub source: the subscription and how to reach it, flow control, how messages become records, errors. */
public final class PubSubSourceConfig extends AbstractConfig {
    public static final String PROJECT_ID_CONFIG = "gcp.project.id";
    public static final String SUBSCRIPTION_CONFIG = "pubsub.subscription";
    public static final String ENDPOINT_CONFIG = "pubsub.endpoint";
    public static final String PLAINTEXT_CONFIG = "pubsub.endpoint.plaintext";
    public static final String CREDENTIALS_PATH_CONFIG = "gcp.credentials.path";
    public static final String CREDENTIALS_JSON_CONFIG = "gcp.credentials.json";
    public static final String MAX_OUTAGE_CONFIG = "pubsub.max.outage.ms";

    public static final String FLOW_MESSAGES_CONFIG = "pubsub.flow.control.messages";
    public static final String FLOW_BYTES_CONFIG = "pubsub.flow.control.bytes";
    public static final String MAX_ACK_EXTENSION_CONFIG = "pubsub.max.ack.extension.seconds";
    public static final String ACK_EXTENSION_STEP_CONFIG = "pubsub.max.duration.per.ack.extension.seconds";
    public static final String PARALLEL_PULLS_CONFIG = "pubsub.parallel.pull.count";
    public static final String BATCH_MAX_RECORDS_CONFIG = "batch.max.records";
    public static final String POLL_WAIT_CONFIG = "poll.max.wait.ms";

    public static final String KAFKA_TOPIC_CONFIG = "kafka.topic";
    public static final String KEY_ATTRIBUTE_CONFIG = "kafka.key.attribute";
    public static final String TIMESTAMP_ATTRIBUTE_CONFIG = "kafka.timestamp.attribute";
    public static final String ATTRIBUTE_HEADER_PREFIX_CONFIG = "attribute.header.prefix";
    public static final String PAYLOAD_FORMAT_CONFIG = PayloadSettings.FORMAT_CONFIG;
    public static final String PAYLOAD_MAX_BYTES_CONFIG = PayloadSettings.MAX_BYTES_CONFIG;

    public static final String ERRORS_TOPIC_CONFIG = "errors.topic";

    /** The value of kafka.key.attribute that keys records by the message's ordering key. */
    public static final String ORDERING_KEY = "orderingKey";

    static final GcpCredentials CREDENTIALS = new GcpCredentials(CREDENTIALS_PATH_CONFIG, CREDENTIALS_JSON_CONFIG);

    private static final String GROUP_CONNECTION = "Connection";
    private static final String GROUP_FLOW = "Flow control";
    private static final String GROUP_RECORDS = "Records";
    private static final String GROUP_ERRORS = "Errors";

    private static final ConfigDef.Validator SUBSCRIPTION_NAME = ConfigDef.LambdaValidator.with((name, value) -> {
        String subscription = value == null ? "" : value.toString().trim();
        String id = ProjectSubscriptionName.isParsableFrom(subscription)
                ? ProjectSubscriptionName.parse(subscription).getSubscription()
                : subscription;
        if (id.length() < 3 || id.contains("/")) {
            throw new ConfigException(name, value, "a subscription id of at least 3 characters, or projects/<project>/subscriptions/<id>");
        }
    }, () -> "subscription id or projects/<project>/subscriptions/<id>");
    private static final ConfigDef.Validator ENDPOINT = ConfigDef.LambdaValidator.with((name, value) -> {
        String endpoint = value == null ? "" : value.toString().trim();
        if (!endpoint.isEmpty() && !isHostAndPort(endpoint)) {
            throw new ConfigException(name, value, "expected host:port, e.g. pubsub.googleapis.com:443 or localhost:8085");
        }
    }, () -> "host:port, or empty");

    private static final List<CrossSettingRule<PubSubSourceConfig>> RULES = List.of(
            new CrossSettingRule<>(SUBSCRIPTION_CONFIG, config -> {
                String subscription = config.getString(SUBSCRIPTION_CONFIG);
                return ProjectSubscriptionName.isParsableFrom(subscription)
                        && !ProjectSubscriptionName.parse(subscription).getProject().equals(config.projectId());
            }, config -> "names another project than " + PROJECT_ID_CONFIG + "=" + config.projectId()),
            CrossSettingRule.of(ENDPOINT_CONFIG, config -> config.plaintext() && config.endpoint() == null,
                    "is needed when " + PLAINTEXT_CONFIG + "=true (the emulator's host:port)"));

    /**
     * Google's CloudPubSubSourceConnector (pubsub-group-kafka-connector): its keys that this source has under another
     * name, or refuses where they would change what a record looks like. Its kafka.topic, kafka.key.attribute,
     * kafka.timestamp.attribute and gcp.credentials.json have the same names and meaning here.
     */
    static final ForeignSettings GOOGLE = new ForeignSettings("Google's CloudPubSubSourceConnector",
            "Google CloudPubSubSourceConnector settings", List.of(
            ForeignSetting.alias("cps.project", PROJECT_ID_CONFIG, Conversion.SAME),
            ForeignSetting.alias("cps.subscription", SUBSCRIPTION_CONFIG, Conversion.SAME),
            ForeignSetting.alias("cps.endpoint", ENDPOINT_CONFIG, Conversion.SAME),
            ForeignSetting.alias("gcp.credentials.file.path", CREDENTIALS_PATH_CONFIG, Conversion.SAME),
            ForeignSetting.alias("cps.maxBatchSize", BATCH_MAX_RECORDS_CONFIG, Conversion.SAME),
            ForeignSetting.alias("cps.streamingPull.flowControlMessages", FLOW_MESSAGES_CONFIG, Conversion.SAME),
            ForeignSetting.alias("cps.streamingPull.flowControlBytes", FLOW_BYTES_CONFIG, Conversion.SAME),
            ForeignSetting.alias("cps.streamingPull.parallelStreams", PARALLEL_PULLS_CONFIG, Conversion.SAME),
            ForeignSetting.alias("cps.streamingPull.maxAckExtensionMs", MAX_ACK_EXTENSION_CONFIG, Conversion.MILLIS_TO_SECONDS),
            ForeignSetting.alias("cps.streamingPull.maxMsPerAckExtension", ACK_EXTENSION_STEP_CONFIG, Conversion.MILLIS_TO_SECONDS),
            ForeignSetting.acceptedWhen("cps.streamingPull.enabled", Set.of("true"),
                    "this source always pulls over StreamingPull; remove the setting"),
            ForeignSetting.acceptedWhen("kafka.record.headers", Set.of("true"),
                    "message attributes always go to Kafka headers (named with " + ATTRIBUTE_HEADER_PREFIX_CONFIG
                            + ") and the payload stays the value; no Struct of payload and attributes is built. Remove the setting"),
            ForeignSetting.acceptedWhen("cps.makeOrderingKeyAttribute", Set.of("false"),
                    "the ordering key is always in the header pubsub.ordering.key (and is the key with "
                            + KEY_ATTRIBUTE_CONFIG + "=" + ORDERING_KEY + "); remove the setting"),
            ForeignSetting.acceptedWhen("kafka.partition.scheme", Set.of("kafka_partitioner", "hash_key"),
                    "records are placed by Kafka's partitioner from their key (" + KEY_ATTRIBUTE_CONFIG
                            + "), as with kafka_partitioner; round-robin, value and ordering-key schemes are not offered"),
            ForeignSetting.refused("kafka.partition.count",
                    "records go to every partition of " + KAFKA_TOPIC_CONFIG + " by Kafka's partitioner; remove the setting")));

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef()
                .define(PROJECT_ID_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Project that holds the subscription.", GROUP_CONNECTION, 1, Width.MEDIUM, "Project id")
                .define(SUBSCRIPTION_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, SUBSCRIPTION_NAME, Importance.HIGH,
                        "Subscription to pull from: its id, or projects/<project>/subscriptions/<id>. Every task of the "
                                + "connector pulls from it; Pub/Sub spreads the messages over them.",
                        GROUP_CONNECTION, 2, Width.MEDIUM, "Subscription")
                .define(ENDPOINT_CONFIG, Type.STRING, "", ENDPOINT, Importance.MEDIUM,
                        "host:port of the Pub/Sub API; empty for Google's global endpoint. Set it for regional or private "
                                + "endpoints, or for the emulator together with " + PLAINTEXT_CONFIG + "=true. Where the "
                                + "worker sets " + WorkerPolicy.ENDPOINTS_ENV + ", only the endpoints it lists.",
                        GROUP_CONNECTION, 3, Width.MEDIUM, "Endpoint")
                .define(PLAINTEXT_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                        "Talk to " + ENDPOINT_CONFIG + " without TLS and without credentials, as the Pub/Sub emulator "
                                + "expects; a key set in " + CREDENTIALS_PATH_CONFIG + " or " + CREDENTIALS_JSON_CONFIG
                                + " is then refused, as credentials are never sent without TLS.",
                        GROUP_CONNECTION, 4, Width.SHORT, "Plaintext endpoint");
        CREDENTIALS.define(def, GROUP_CONNECTION, 5, "when " + PLAINTEXT_CONFIG + "=true");
        def
                .define(MAX_OUTAGE_CONFIG, Type.LONG, 300_000L, ConfigDef.Range.atLeast(1000), Importance.MEDIUM,
                        "The client retries UNAVAILABLE and similar errors without end; a task whose calls have failed without "
                                + "any answer from Pub/Sub for this long fails with the last error, so the outage is visible in "
                                + "the REST API instead of a task that is RUNNING and idle. PERMISSION_DENIED and NOT_FOUND fail "
                                + "the task at once.", GROUP_CONNECTION, 7, Width.SHORT, "Maximum outage")
                .define(FLOW_MESSAGES_CONFIG, Type.LONG, 1000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "Messages a task holds that Kafka does not have yet. Past this the client stops pulling until "
                                + "Kafka catches up, so a slow Kafka leaves the backlog in Pub/Sub rather than in the worker's heap.",
                        GROUP_FLOW, 1, Width.SHORT, "Max outstanding messages")
                .define(FLOW_BYTES_CONFIG, Type.LONG, 32L * 1024 * 1024, ConfigDef.Range.atLeast(64 * 1024), Importance.MEDIUM,
                        "Message bytes a task holds that Kafka does not have yet; past this the client stops pulling.",
                        GROUP_FLOW, 2, Width.SHORT, "Max outstanding bytes")
                .define(MAX_ACK_EXTENSION_CONFIG, Type.INT, 3600, ConfigDef.Range.between(10, 7 * 24 * 3600), Importance.MEDIUM,
                        "How long the client keeps extending the lease of a message that Kafka does not have yet. After "
                                + "this Pub/Sub redelivers it (a duplicate in Kafka if the first copy still arrives), so a "
                                + "message is never lost to a slow or unreachable Kafka.",
                        GROUP_FLOW, 3, Width.SHORT, "Max ack extension")
                .define(ACK_EXTENSION_STEP_CONFIG, Type.INT, 10, ConfigDef.Range.between(10, 600), Importance.LOW,
                        "Longest single lease extension, and the ack deadline of the task's StreamingPull stream. A task "
                                + "that dies (or a worker that is killed) leaves its messages leased for at most this long "
                                + "before Pub/Sub redelivers them; a task that stops nacks them at once. The default is the "
                                + "shortest deadline Pub/Sub accepts: the client library's own default lets a lease grow to "
                                + "10 minutes, so a crash would hide messages that long. Longer means fewer modifyAckDeadline "
                                + "calls (the client batches them, up to 2500 messages per call).",
                        GROUP_FLOW, 4, Width.SHORT, "Lease extension step")
                .define(PARALLEL_PULLS_CONFIG, Type.INT, 1, ConfigDef.Range.between(1, 64), Importance.LOW,
                        "StreamingPull streams per task; more help only when one stream cannot keep a task busy.",
                        GROUP_FLOW, 5, Width.SHORT, "Streams per task")
                .define(BATCH_MAX_RECORDS_CONFIG, Type.INT, 1000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Most records one poll() returns.", GROUP_FLOW, 6, Width.SHORT, "Batch size")
                .define(POLL_WAIT_CONFIG, Type.LONG, 100L, ConfigDef.Range.between(1, 10_000), Importance.LOW,
                        "Longest a poll() waits for a first message.", GROUP_FLOW, 7, Width.SHORT, "Poll wait")

                .define(KAFKA_TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Kafka topic of the records. Its partition count is the topic's own; Kafka's partitioner places "
                                + "each record by its key.", GROUP_RECORDS, 1, Width.MEDIUM, "Kafka topic")
                .define(KEY_ATTRIBUTE_CONFIG, Type.STRING, "", Importance.MEDIUM,
                        "Record key (a string): the value of this message attribute, or the ordering key when set to "
                                + ORDERING_KEY + ". Empty: no key. A message without the attribute gets no key.",
                        GROUP_RECORDS, 2, Width.MEDIUM, "Key attribute")
                .define(TIMESTAMP_ATTRIBUTE_CONFIG, Type.STRING, "", Importance.MEDIUM,
                        "Attribute holding the record timestamp as epoch milliseconds or an ISO-8601 instant. Empty: the "
                                + "publish time. A message without a readable timestamp goes to errors.topic.",
                        GROUP_RECORDS, 3, Width.MEDIUM, "Timestamp attribute")
                .define(ATTRIBUTE_HEADER_PREFIX_CONFIG, Type.STRING, "", Importance.LOW,
                        "Prefix of the Kafka headers that carry the message attributes; the value stays the payload. The "
                                + "message id, publish time and ordering key go to pubsub.message.id, pubsub.publish.time and "
                                + "pubsub.ordering.key.", GROUP_RECORDS, 4, Width.SHORT, "Attribute header prefix");
        PayloadSettings.define(def, GROUP_RECORDS, 5);
        def
                .define(ERRORS_TOPIC_CONFIG, Type.STRING, "", Importance.HIGH,
                        "Topic for messages that cannot become records (payload not in payload.format, too large, unreadable "
                                + "timestamp): their raw payload, attributes and headers naming the error. Such a message is acked "
                                + "only after this topic has it. Empty: such a message fails the task and is redelivered.",
                        GROUP_ERRORS, 1, Width.MEDIUM, "Errors topic");
        return GOOGLE.define(def);
    }

    public PubSubSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, GOOGLE.translate(props).settingsOrThrow());
        CrossSettingRule.enforce(this, RULES, key -> values().get(key));
        if (plaintext()) {
            CREDENTIALS.refuseWithoutTls(credentialsPath(), credentialsJson(),
                    ENDPOINT_CONFIG + "=" + endpoint() + " with " + PLAINTEXT_CONFIG + "=true");
        }
        if (endpoint() != null) {
            WorkerPolicy.current().checkEndpoint(ENDPOINT_CONFIG, endpoint(), Endpoint.ofHostAndPort(endpoint(), !plaintext()));
        }
    }

    private static boolean isHostAndPort(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || endpoint.contains("/")) {
            return false;
        }
        try {
            int port = Integer.parseInt(endpoint.substring(colon + 1));
            // The worker policy compares hosts, so the host must be one it can read (not "[::1" or "a b").
            Endpoint.ofHostAndPort(endpoint, true);
            return port >= 1 && port <= 65535;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public String projectId() {
        return getString(PROJECT_ID_CONFIG).trim();
    }

    public ProjectSubscriptionName subscription() {
        String subscription = getString(SUBSCRIPTION_CONFIG).trim();
        return ProjectSubscriptionName.isParsableFrom(subscription)
                ? ProjectSubscriptionName.parse(subscription)
                : ProjectSubscriptionName.of(projectId(), subscription);
    }

    /** Null for Google's global endpoint. */
    public String endpoint() {
        String endpoint = getString(ENDPOINT_CONFIG).trim();
        return endpoint.isEmpty() ? null : endpoint;
    }

    public boolean plaintext() {
        return getBoolean(PLAINTEXT_CONFIG);
    }

    public String credentialsPath() {
        return getString(CREDENTIALS_PATH_CONFIG);
    }

    public Password credentialsJson() {
        return getPassword(CREDENTIALS_JSON_CONFIG);
    }

    public long maxOutageMs() {
        return getLong(MAX_OUTAGE_CONFIG);
    }

    public long flowControlMessages() {
        return getLong(FLOW_MESSAGES_CONFIG);
    }

    public long flowControlBytes() {
        return getLong(FLOW_BYTES_CONFIG);
    }

    public int maxAckExtensionSeconds() {
        return getInt(MAX_ACK_EXTENSION_CONFIG);
    }

    public int ackExtensionStepSeconds() {
        return getInt(ACK_EXTENSION_STEP_CONFIG);
    }

    public int parallelPulls() {
        return getInt(PARALLEL_PULLS_CONFIG);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS_CONFIG);
    }

    public long pollWaitMs() {
        return getLong(POLL_WAIT_CONFIG);
    }

    public String kafkaTopic() {
        return getString(KAFKA_TOPIC_CONFIG).trim();
    }

    /** Null when records have no key. */
    public String keyAttribute() {
        String attribute = getString(KEY_ATTRIBUTE_CONFIG).trim();
        return attribute.isEmpty() ? null : attribute;
    }

    /** Null when records carry the publish time. */
    public String timestampAttribute() {
        String attribute = getString(TIMESTAMP_ATTRIBUTE_CONFIG).trim();
        return attribute.isEmpty() ? null : attribute;
    }

    public String attributeHeaderPrefix() {
        return getString(ATTRIBUTE_HEADER_PREFIX_CONFIG);
    }

    public PayloadSettings payload() {
        return PayloadSettings.of(this);
    }

    /** Null when bad messages fail the task. */
    public String errorsTopic() {
        String topic = getString(ERRORS_TOPIC_CONFIG).trim();
        return topic.isEmpty() ? null : topic;
    }
}
