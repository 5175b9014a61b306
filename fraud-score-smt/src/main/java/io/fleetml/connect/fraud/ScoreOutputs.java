package io.fleetml.connect.fraud;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
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

    private ScoreOutputs(List<Output> outputs, FraudScoreConfig.OutputMode mode) {
        this.outputs = outputs;
        this.mode = mode;
        this.fieldNames = outputs.stream().map(Output::field).toArray(String[]::new);
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
        return new ScoreOutputs(List.copyOf(outputs), config.outputMode());
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

    /** Replaces any header of the same names, so a record scored twice carries one score, not two that disagree. */
    void writeHeaders(ScoreOutcome outcome, Headers headers) {
        removeHeaders(headers);
        for (Output output : outputs) {
            headers.add(output.header(), output.value().apply(outcome), output.schema());
        }
    }

    /**
     * Removes the headers a score would be written to, so a record this transform skips carries no score of an earlier
     * pass.
     */
    void removeHeaders(Headers headers) {
        for (Output output : outputs) {
            headers.remove(output.header());
        }
    }
}
