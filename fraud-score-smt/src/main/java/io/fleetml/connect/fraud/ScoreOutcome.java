package io.fleetml.connect.fraud;

/**
 * What scoring gave a record: the champion's score, flag and version and the challenger's score and flag (null without
 * one, or when the challenger lacked a feature), or why it was skipped (never the field's value, which may be personal
 * data).
 */
record ScoreOutcome(double score, boolean flag, String version, Double challengerScore, Boolean challengerFlag,
                    String skipped) {
    static ScoreOutcome skipped(String reason) {
        return new ScoreOutcome(Double.NaN, false, null, null, null, reason);
    }
}
