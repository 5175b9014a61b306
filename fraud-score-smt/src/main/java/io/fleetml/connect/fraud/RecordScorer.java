package io.fleetml.connect.fraud;

import io.fleetml.connect.fraud.engine.ScoringEngine;
import io.fleetml.model.features.Feature;
import io.fleetml.model.features.Features;
import io.fleetml.model.features.MissingFeature;
import io.fleetml.model.metadata.Normalizer;

import java.util.Arrays;
import java.util.List;

/**
 * Turns a record value into its score: features extracted, normalized with the trainer's statistics, through the
 * engine. Reuses its buffers, so one instance serves one task thread.
 */
final class RecordScorer {
    private final Features features;
    private final Normalizer normalizer;
    private final ScoringEngine engine;
    private final boolean zeroMissing;
    private final double[] raw;
    private final float[] normalized;
    private final boolean[] missing;

    /** With {@code zeroMissing}, a feature that cannot be read gets normalized value 0 instead of failing the record. */
    RecordScorer(Features features, Normalizer normalizer, ScoringEngine engine, boolean zeroMissing) {
        if (features.width() != normalizer.width() || features.width() != engine.inputSize()) {
            throw new IllegalArgumentException("features have width " + features.width() + ", normalizer "
                    + normalizer.width() + ", model input " + engine.inputSize());
        }
        this.features = features;
        this.normalizer = normalizer;
        this.engine = engine;
        this.zeroMissing = zeroMissing;
        this.raw = new double[features.width()];
        this.normalized = new float[features.width()];
        this.missing = new boolean[features.features().size()];
    }

    /** The score of {@code value}, a Struct or a Map; a feature it cannot give fails unless zeroing was asked for. */
    double score(Object value) throws MissingFeature {
        List<Feature> list = features.features();
        boolean anyMissing = false;
        for (int i = 0; i < list.size(); i++) {
            try {
                list.get(i).extract(value, raw, features.offset(i));
                missing[i] = false;
            } catch (MissingFeature e) {
                if (!zeroMissing) {
                    throw e;
                }
                missing[i] = true;
                anyMissing = true;
            }
        }
        normalizer.normalize(raw, normalized);
        if (anyMissing) {
            for (int i = 0; i < list.size(); i++) {
                if (missing[i]) {
                    Arrays.fill(normalized, features.offset(i), features.offset(i) + list.get(i).width(), 0f);
                }
            }
        }
        return engine.score(normalized);
    }
}
