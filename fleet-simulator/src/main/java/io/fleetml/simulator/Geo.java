package io.fleetml.simulator;

/** Great-circle geometry on a sphere of the Earth's mean radius, for placing merchants at chosen distances. */
final class Geo {
    static final double EARTH_RADIUS_KM = 6371.0088;

    private Geo() {
    }

    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double sinHalfDLat = Math.sin(Math.toRadians(lat2 - lat1) / 2);
        double sinHalfDLon = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double a = sinHalfDLat * sinHalfDLat
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * sinHalfDLon * sinHalfDLon;
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }

    /** The point {@code km} away from (lat, lon) along the initial bearing {@code bearingRad}: {lat, lon} in degrees. */
    static double[] destination(double lat, double lon, double km, double bearingRad) {
        double phi1 = Math.toRadians(lat);
        double delta = km / EARTH_RADIUS_KM;
        double phi2 = Math.asin(Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(bearingRad));
        double lambda = Math.toRadians(lon) + Math.atan2(Math.sin(bearingRad) * Math.sin(delta) * Math.cos(phi1),
                Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2));
        double lon2 = Math.toDegrees(lambda);
        lon2 = ((lon2 + 540) % 360) - 180;
        return new double[] {Math.toDegrees(phi2), lon2};
    }
}
