package io.fleetml.connect.fraud.engine;

/**
 * A serving graph that is not a chain of dense layers the Java engine can evaluate. The message says which op, where
 * in the chain, and what was expected instead, for the warning of {@code engine=auto} and the error of
 * {@code engine=java}.
 */
public final class UnsupportedGraphException extends Exception {
    public UnsupportedGraphException(String reason) {
        super(reason);
    }
}
