package io.fleetml.connect.mqtt;

import java.util.List;
import java.util.Map;

/**
 * A message as received from the broker, whichever MQTT version: what becomes the record and its headers, and how to
 * acknowledge it to the broker once Kafka has it.
 *
 * @param properties MQTT 5 publish properties as header name and value (String, Long or byte[]), in order; user
 *                   properties keep their own names and may repeat. Empty for MQTT 3.
 * @param connection the number of the connection it arrived on, counted from 1 by the task
 */
record Incoming(String topic, byte[] payload, int qos, boolean retain, List<Map.Entry<String, Object>> properties,
                Runnable acknowledgement, long receivedAtMs, int connection) {
}
