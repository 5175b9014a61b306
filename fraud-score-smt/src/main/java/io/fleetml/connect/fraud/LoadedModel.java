package io.fleetml.connect.fraud;

import io.fleetml.connect.fraud.engine.ScoringEngine;
import io.fleetml.model.metadata.ModelMetadata;

/** A model ready to score: its engine and the metadata the trainer wrote beside it. Closing it closes the engine. */
record LoadedModel(ModelMetadata metadata, ScoringEngine engine) implements AutoCloseable {
    @Override
    public void close() {
        engine.close();
    }
}
