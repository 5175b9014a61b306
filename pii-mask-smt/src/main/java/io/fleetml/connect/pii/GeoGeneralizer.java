package io.fleetml.connect.pii;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Coarsens coordinates to a cell: either a fixed number of decimals (floored, so every point of a cell maps to the same
 * corner) or a geohash cell, whose centre stands for every point in it.
 */
final class GeoGeneralizer {
    private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();

    private final int decimals;
    private final double scale;
    private final int geohashLength;

    GeoGeneralizer(int decimals, int geohashLength) {
        this.decimals = decimals;
        this.scale = Math.pow(10, decimals);
        this.geohashLength = geohashLength;
    }

    boolean usesGeohash() {
        return geohashLength > 0;
    }

    /** One coordinate floored to the configured decimals. */
    double coordinate(double value) {
        if (!Double.isFinite(value)) {
            return value;
        }
        double cell = Math.floor(value * scale);
        // value * scale can land just below an integer (0.29 * 100 = 28.999...); step up when the next cell still fits.
        if ((cell + 1) / scale <= value) {
            cell += 1;
        }
        return cell / scale;
    }

    /**
     * A latitude generalized: floored decimals, or the latitude of its geohash cell's centre. A geohash cell's latitude
     * bounds depend on the latitude alone, so each coordinate of an object can be generalized on its own.
     */
    double latitude(double lat) {
        return usesGeohash() ? cellCentre(lat, -90, 90, geohashLength * 5 / 2) : coordinate(lat);
    }

    /** A longitude generalized: floored decimals, or the longitude of its geohash cell's centre. */
    double longitude(double lon) {
        return usesGeohash() ? cellCentre(lon, -180, 180, geohashLength * 5 - geohashLength * 5 / 2) : coordinate(lon);
    }

    /** The centre of the interval of {@code [min, max]} that {@code bits} halvings leave around {@code value}. */
    private static double cellCentre(double value, double min, double max, int bits) {
        double low = min;
        double high = max;
        for (int i = 0; i < bits; i++) {
            double mid = (low + high) / 2;
            if (value >= mid) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    /** A {@code "lat,lon"} text generalized, or {@code null} if it is not one. */
    String text(String latLon) {
        int comma = latLon.indexOf(',');
        if (comma < 0) {
            return null;
        }
        double lat;
        double lon;
        try {
            lat = Double.parseDouble(latLon.substring(0, comma).trim());
            lon = Double.parseDouble(latLon.substring(comma + 1).trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (!Double.isFinite(lat) || !Double.isFinite(lon)) {
            return null;
        }
        if (usesGeohash()) {
            return geohash(lat, lon);
        }
        return BigDecimal.valueOf(lat).setScale(decimals, RoundingMode.FLOOR).toPlainString() + ","
                + BigDecimal.valueOf(lon).setScale(decimals, RoundingMode.FLOOR).toPlainString();
    }

    String geohash(double lat, double lon) {
        StringBuilder hash = new StringBuilder(geohashLength);
        double[] latRange = {-90, 90};
        double[] lonRange = {-180, 180};
        boolean evenBit = true;
        int bit = 0;
        int ch = 0;
        while (hash.length() < geohashLength) {
            double[] range = evenBit ? lonRange : latRange;
            double v = evenBit ? lon : lat;
            double mid = (range[0] + range[1]) / 2;
            ch <<= 1;
            if (v >= mid) {
                ch |= 1;
                range[0] = mid;
            } else {
                range[1] = mid;
            }
            evenBit = !evenBit;
            if (++bit == 5) {
                hash.append(BASE32[ch]);
                bit = 0;
                ch = 0;
            }
        }
        return hash.toString();
    }
}
