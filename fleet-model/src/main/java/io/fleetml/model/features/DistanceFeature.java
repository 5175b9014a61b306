package io.fleetml.model.features;

import io.fleetml.connect.common.FieldPath;

/**
 * {@code distance_km(lat1,lon1,lat2,lon2)}: great-circle distance between two positions in the same record, such as the
 * vehicle and the merchant it pays, by the haversine formula on a sphere of the Earth's mean radius.
 */
record DistanceFeature(String name, FieldPath lat1, FieldPath lon1, FieldPath lat2, FieldPath lon2) implements Feature {
    /** IUGG mean Earth radius R1. */
    static final double EARTH_RADIUS_KM = 6371.0088;

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void extract(Object recordValue, double[] out, int offset) throws MissingFeature {
        out[offset] = haversineKm(
                coordinate(recordValue, lat1, 90, "latitude"), coordinate(recordValue, lon1, 180, "longitude"),
                coordinate(recordValue, lat2, 90, "latitude"), coordinate(recordValue, lon2, 180, "longitude"));
    }

    private double coordinate(Object recordValue, FieldPath path, double limit, String kind) throws MissingFeature {
        double degrees = FieldValues.number(recordValue, path, name);
        if (degrees < -limit || degrees > limit) {
            throw new MissingFeature(name, path.toString(), MissingFeature.Reason.OUT_OF_RANGE,
                    "is not a " + kind + " (outside -" + (int) limit + ".." + (int) limit + " degrees)");
        }
        return degrees;
    }

    static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        // Absolute differences make swapping the two points give the same bits, not just nearly the same distance.
        double sinHalfDLat = Math.sin(Math.toRadians(Math.abs(lat2 - lat1)) / 2);
        double sinHalfDLon = Math.sin(Math.toRadians(Math.abs(lon2 - lon1)) / 2);
        double a = sinHalfDLat * sinHalfDLat
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * sinHalfDLon * sinHalfDLon;
        // Rounding can push a a hair above 1 for antipodal points, where asin would give NaN.
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
