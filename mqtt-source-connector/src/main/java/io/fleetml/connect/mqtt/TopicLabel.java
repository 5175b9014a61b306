package io.fleetml.connect.mqtt;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * How an MQTT topic appears wherever the task writes about a message (logs, task status, errors-topic keys and
 * headers): the configured filter it matched and a keyed hash of the topic, as in {@code vehicles/{vin}/telemetry#9f2c41d07a3be815}.
 * Topics name vehicles, so the topic itself is never written out. The hash tells the messages of one topic apart
 * within one worker process; its key is drawn at random when the process loads the plugin and is never written
 * anywhere, so nobody can reverse it by hashing every VIN.
 */
final class TopicLabel {
    static final String UNMATCHED = "(no filter)";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int HASH_BYTES = 8;
    private static final SecretKeySpec KEY = randomKey();

    private final List<TopicPattern> patterns;

    TopicLabel(List<TopicPattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    String of(String topic) {
        return filterOf(topic) + "#" + hash(topic);
    }

    /** The configured filter the topic matches, as written in {@code mqtt.topics}. */
    String filterOf(String topic) {
        for (TopicPattern pattern : patterns) {
            if (pattern.match(topic) != null) {
                return pattern.toString();
            }
        }
        return UNMATCHED;
    }

    static String hash(String topic) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(KEY);
            byte[] digest = mac.doFinal(topic.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
        }
    }

    private static SecretKeySpec randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, ALGORITHM);
    }
}
