package io.fleetml.connect.fraud;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Where a record's scores go, as {@code output.mode} says: fields added to the value, headers added to the record, or
 * both; the champion's score, flag and version, and the challenger's score and flag when there is one. Fixed at
 * configure.
 */
final class ScoreOutputs {
    /** One output: its field and header names, its type, and how it is read from an outcome. */
    private record Output(String field, String header, Schema schema, Function<ScoreOutcome, Object> value) {
    }

    private final List<Output> outputs;
    private final FraudScoreConfig.OutputMode mode;
    private final String[] fieldNames;
    private final List<String> ownedHeaders;

    private ScoreOutputs(List<Output> outputs, FraudScoreConfig.OutputMode mode, List<String> ownedHeaders) {
        this.outputs = outputs;
        this.mode = mode;
        this.fieldNames = outputs.stream().map(Output::field).toArray(String[]::new);
        this.ownedHeaders = ownedHeaders;
    }

    /** Optional schemas throughout, because a record skipped for a missing feature carries them as null. */
    static ScoreOutputs of(FraudScoreConfig config, boolean challenger) {
        List<Output> outputs = new ArrayList<>(List.of(
                new Output(config.scoreField(), config.scoreHeader(), Schema.OPTIONAL_FLOAT64_SCHEMA, ScoreOutcome::score),
                new Output(config.flagField(), config.flagHeader(), Schema.OPTIONAL_BOOLEAN_SCHEMA, ScoreOutcome::flag),
                new Output(config.modelVersionField(), config.modelVersionHeader(), Schema.OPTIONAL_STRING_SCHEMA,
                        ScoreOutcome::version)));
        if (challenger) {
            outputs.add(new Output(config.challengerScoreField(), config.challengerScoreHeader(),
                    Schema.OPTIONAL_FLOAT64_SCHEMA, ScoreOutcome::challengerScore));
            outputs.add(new Output(config.challengerFlagField(), config.challengerFlagHeader(),
                    Schema.OPTIONAL_BOOLEAN_SCHEMA, ScoreOutcome::challengerFlag));
        }
        // Every header name this transform may write, challenger ones included when there is no challenger: a consumer
        // must be able to trust that such a header after this transform is its own.
        List<String> owned = List.of(config.scoreHeader(), config.flagHeader(), config.modelVersionHeader(),
                config.challengerScoreHeader(), config.challengerFlagHeader(), FraudScore.SKIPPED_HEADER);
        return new ScoreOutputs(List.copyOf(outputs), config.outputMode(), owned);
    }

    boolean toFields() {
        return mode.fields();
    }

    boolean toHeaders() {
        return mode.headers();
    }

    /** The names of the fields added to the value, which it must not have already. */
    List<String> fieldNames() {
        return List.of(fieldNames);
    }

    /** Adds the output fields to a Struct schema being extended. */
    void addFields(SchemaBuilder builder) {
        for (Output output : outputs) {
            builder.field(output.field(), output.schema());
        }
    }

    void writeFields(ScoreOutcome outcome, BiConsumer<String, Object> put) {
        for (Output output : outputs) {
            put.accept(output.field(), output.value().apply(outcome));
        }
    }

    /** {@code value} with the output fields after its own, as a read-only view rather than a copy. */
    Map<String, Object> appendFields(Map<String, Object> value, ScoreOutcome outcome) {
        Object[] values = new Object[outputs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = outputs.get(i).value().apply(outcome);
        }
        return new AppendedFields(value, fieldNames, values);
    }

    /** Adds the score headers; {@link #removeOwnedHeaders} first, so the record carries no other of these names. */
    void writeHeaders(ScoreOutcome outcome, Headers headers) {
        for (Output output : outputs) {
            headers.add(output.header(), output.value().apply(outcome), output.schema());
        }
    }

    /** Whether the record came with a header of a name this transform writes, in any mode: one it must not keep. */
    boolean carriesOwnedHeader(Headers headers) {
        if (headers.isEmpty()) {
            return false;
        }
        for (Header header : headers) {
            if (ownedHeaders.contains(header.key())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes every header of a name this transform writes (scores, flags, versions, the skip reason), whether it came
     * from a source (an MQTT user property, a Pub/Sub attribute) or an earlier pass, so no such header reaches a
     * consumer unless this transform wrote it.
     */
    void removeOwnedHeaders(Headers headers) {
        for (String name : ownedHeaders) {
            headers.remove(name);
        }
    }
}
