package io.fleetml.simulator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GeoTest {
    @Test
    void parisToBerlinIsAbout878Km() {
        assertEquals(878, Geo.distanceKm(48.8566, 2.3522, 52.5200, 13.4050), 2);
    }

    @Test
    void destinationLiesAtTheRequestedDistance() {
        for (double km : new double[] {0.02, 1.9, 60, 900}) {
            for (int step = 0; step < 8; step++) {
                double[] to = Geo.destination(48.137, 11.575, km, step * Math.PI / 4);
                assertEquals(km, Geo.distanceKm(48.137, 11.575, to[0], to[1]), km * 1e-9);
            }
        }
    }

    @Test
    void destinationDueNorthKeepsTheLongitude() {
        double[] to = Geo.destination(48.0, 11.0, 111.195, 0);
        assertEquals(11.0, to[1], 1e-12);
        assertEquals(49.0, to[0], 1e-3);
    }
}
