package io.fleetml.model.features;

import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered features that make up the model's input vector: each {@link Feature} writes its {@link Feature#width()}
 * numbers after those of the features before it. Immutable and safe to share between threads.
 *
 * <p>For the payment events of docs/data.md, {@link #PAYMENT_DEFAULTS} is a list that carries each kind of injected fraud
 * (unusual amount for the category, merchant far from the vehicle, fuel beyond the tank, unusual hour, paying while
 * driving), ready to paste into a connector config:
 *
 * <pre>{@code
 * "transforms.fraud.features": "amount, log1p(amount), distance_km(vehicle.location.lat,vehicle.location.lon,merchant.location.lat,merchant.location.lon), hour_sin(ts), hour_cos(ts), vehicle.speed, vehicle.fuel_level, onehot(merchant.category:fuel|ev_charging|parking|tolls|car_wash|in_car_entertainment|food)"
 * }</pre>
 */
public final class Features {
    /**
     * Default features for payment events: 14 numbers. The amount appears twice on purpose: log1p spreads out the
     * ordinary amounts of each category, the raw amount keeps the far outliers far.
     */
    public static final String PAYMENT_DEFAULTS = "amount, log1p(amount), "
            + "distance_km(vehicle.location.lat,vehicle.location.lon,merchant.location.lat,merchant.location.lon), "
            + "hour_sin(ts), hour_cos(ts), vehicle.speed, vehicle.fuel_level, "
            + "onehot(merchant.category:fuel|ev_charging|parking|tolls|car_wash|in_car_entertainment|food)";

    private final List<Feature> features;
    private final int[] offsets;
    private final int width;

    private Features(List<Feature> features) {
        this.features = List.copyOf(features);
        this.offsets = new int[features.size()];
        int offset = 0;
        for (int i = 0; i < features.size(); i++) {
            offsets[i] = offset;
            offset += features.get(i).width();
        }
        this.width = offset;
    }

    /** Parses the text of the {@code features} setting: expressions separated by commas, see {@link FeatureSpec}. */
    public static Features parse(String list, String configKey) {
        List<String> expressions = FeatureSpec.split(list, configKey);
        if (expressions.isEmpty()) {
            throw new ConfigException(configKey, list, "at least one feature is needed");
        }
        return of(expressions, configKey);
    }

    /** Parses expressions given one per entry, as in {@code fleetml-model.json}. */
    public static Features of(List<String> expressions, String configKey) {
        if (expressions.isEmpty()) {
            throw new ConfigException(configKey, expressions, "at least one feature is needed");
        }
        List<Feature> features = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String expression : expressions) {
            Feature feature = FeatureSpec.parse(expression, configKey);
            if (!names.add(feature.name())) {
                throw new ConfigException(configKey, expression, "feature '" + feature.name() + "' is listed twice");
            }
            features.add(feature);
        }
        return new Features(features);
    }

    public List<Feature> features() {
        return features;
    }

    /** The canonical expressions in order, as the trainer records them. */
    public List<String> names() {
        return features.stream().map(Feature::name).toList();
    }

    /** Where feature {@code index} starts in the vector. */
    public int offset(int index) {
        return offsets[index];
    }

    /** The length of the vector: the sum of the features' widths. */
    public int width() {
        return width;
    }

    public double[] extract(Object recordValue) throws MissingFeature {
        double[] out = new double[width];
        extract(recordValue, out);
        return out;
    }

    /** Fills {@code out}, which has {@link #width()} entries, so a caller can reuse one array for every record. */
    public void extract(Object recordValue, double[] out) throws MissingFeature {
        if (out.length != width) {
            throw new IllegalArgumentException("feature vector has " + out.length + " entries, the features need " + width);
        }
        for (int i = 0; i < features.size(); i++) {
            features.get(i).extract(recordValue, out, offsets[i]);
        }
    }
}
