package io.fleetml.connect.fraud.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseNetworkTest {
    private static final Activation[] ACTIVATIONS = Arrays.stream(Activation.values())
            .filter(Activation::elementWise).toArray(Activation[]::new);

    @Test
    void weightsAreInputsByOutputsAsInMatMulOfARowVector() {
        // x = [1, 2], W = [[1, 2, 3], [4, 5, 6]]: x·W = [9, 12, 15]; + b = [0.5, -20, 0]; relu.
        DenseLayer layer = new DenseLayer(new float[][] {{1, 2, 3}, {4, 5, 6}}, new float[] {0.5f, -20, 0}, Activation.RELU);
        assertEquals(2, layer.inputSize());
        assertEquals(3, layer.outputSize());
        assertArrayEquals(new float[] {9.5f, 0, 15}, new DenseNetwork(List.of(layer)).forward(new float[] {1, 2}));
    }

    @Test
    void deepNetworkMatchesAStraightforwardDoubleEvaluation() {
        SplittableRandom random = new SplittableRandom(42);
        int[] widths = {30, 16, 8, 4, 8, 16, 30};
        List<DenseLayer> layers = new ArrayList<>();
        List<double[][]> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            float[][] w = new float[widths[l]][widths[l + 1]];
            float[] b = new float[widths[l + 1]];
            double[][] wd = new double[widths[l]][widths[l + 1]];
            double[] bd = new double[widths[l + 1]];
            for (int i = 0; i < widths[l]; i++) {
                for (int o = 0; o < widths[l + 1]; o++) {
                    w[i][o] = (float) (random.nextGaussian() / Math.sqrt(widths[l]));
                    wd[i][o] = w[i][o];
                }
            }
            for (int o = 0; o < widths[l + 1]; o++) {
                b[o] = (float) (random.nextGaussian() * 0.1);
                bd[o] = b[o];
            }
            layers.add(new DenseLayer(w, b, ACTIVATIONS[l % ACTIVATIONS.length]));
            weights.add(wd);
            biases.add(bd);
        }
        DenseNetwork network = new DenseNetwork(layers);
        for (int trial = 0; trial < 50; trial++) {
            float[] x = new float[30];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            float[] before = x.clone();
            float[] y = network.forward(x);
            assertArrayEquals(before, x, "the input is left as it was");
            double[] expected = reference(x, weights, biases, layers);
            for (int i = 0; i < y.length; i++) {
                assertEquals(expected[i], y[i], 1e-5 * Math.max(1, Math.abs(expected[i])));
            }
        }
    }

    private static double[] reference(float[] x, List<double[][]> weights, List<double[]> biases, List<DenseLayer> layers) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
        }
        for (int l = 0; l < weights.size(); l++) {
            double[][] w = weights.get(l);
            double[] next = biases.get(l).clone();
            for (int o = 0; o < next.length; o++) {
                for (int i = 0; i < a.length; i++) {
                    next[o] += a[i] * w[i][o];
                }
                next[o] = layers.get(l).activation().apply(next[o]);
            }
            a = next;
        }
        return a;
    }

    @Test
    void reconstructionErrorIsTheMeanSquaredDifference() {
        float[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        DenseNetwork perfect = new DenseNetwork(List.of(new DenseLayer(identity, new float[3], Activation.LINEAR)));
        assertEquals(0.0, perfect.reconstructionError(new float[] {0.3f, -2, 7}));
        DenseNetwork shifted = new DenseNetwork(List.of(
                new DenseLayer(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new float[] {1, 0, 0}, Activation.LINEAR),
                new DenseLayer(identity, new float[] {0, 2, 0}, Activation.LINEAR)));
        assertEquals((1.0 + 4.0) / 3, shifted.reconstructionError(new float[] {0.25f, -2, 7}), 1e-12);
    }

    @Test
    void reconstructionErrorNeedsAnAutoencoder() {
        DenseNetwork narrowing = new DenseNetwork(List.of(new DenseLayer(new float[][] {{1}, {1}}, new float[1], Activation.RELU)));
        assertThrows(IllegalStateException.class, () -> narrowing.reconstructionError(new float[2]));
    }

    @Test
    void shapesMustChain() {
        DenseLayer twoToThree = new DenseLayer(new float[2][3], new float[3], Activation.TANH);
        DenseLayer fourToTwo = new DenseLayer(new float[4][2], new float[2], Activation.TANH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DenseNetwork(List.of(twoToThree, fourToTwo)));
        assertEquals("layer 1 takes 4 inputs but layer 0 gives 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DenseNetwork(List.of()));
        DenseNetwork network = new DenseNetwork(List.of(twoToThree));
        assertThrows(IllegalArgumentException.class, () -> network.forward(new float[3]));
    }

    @Test
    void layersRejectMismatchedAndNonFiniteWeights() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DenseLayer(new float[2][3], new float[2], Activation.RELU)).getMessage().contains("bias has 2"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DenseLayer(new float[][] {{1, 2}, {3}}, new float[2], Activation.RELU)).getMessage().contains("row 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DenseLayer(new float[][] {{1, Float.NaN}}, new float[2], Activation.RELU)).getMessage()
                .contains("weights[0][1]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DenseLayer(new float[][] {{1}}, new float[] {Float.POSITIVE_INFINITY}, Activation.RELU)).getMessage()
                .contains("bias[0]"));
        assertThrows(IllegalArgumentException.class, () -> new DenseLayer(new float[0][0], new float[0], Activation.RELU));
    }

    @Test
    void laterChangesToTheArraysDoNotReachTheLayer() {
        float[][] w = {{2}};
        float[] b = {1};
        DenseNetwork network = new DenseNetwork(List.of(new DenseLayer(w, b, Activation.LINEAR)));
        w[0][0] = 100;
        b[0] = 100;
        assertArrayEquals(new float[] {7}, network.forward(new float[] {3}));
    }
}
