package io.fleetml.connect.fraud.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationTest {
    /** Values as TensorFlow 2.18 prints them in float32 for tf.nn.*(x). */
    @Test
    void matchesTensorFlowAtKnownPoints() {
        assertEquals(0.0, Activation.RELU.apply(-3));
        assertEquals(2.5, Activation.RELU.apply(2.5));
        assertEquals(0.46211716, Activation.TANH.apply(0.5), 1e-7);
        assertEquals(0.5, Activation.SIGMOID.apply(0));
        assertEquals(0.8807971, Activation.SIGMOID.apply(2), 1e-7);
        assertEquals(-0.63212055, Activation.ELU.apply(-1), 1e-7);
        assertEquals(3.0, Activation.ELU.apply(3));
        assertEquals(-1.1113307, Activation.SELU.apply(-1), 1e-7);
        assertEquals(1.050701, Activation.SELU.apply(1), 1e-6);
        assertEquals(-0.2, Activation.LEAKY_RELU.apply(-1), 1e-15);
        assertEquals(4.0, Activation.LEAKY_RELU.apply(4));
        assertEquals(-7.25, Activation.LINEAR.apply(-7.25));
    }

    @Test
    void seluConstantsAreTensorFlows() {
        assertEquals(1.0507009873554805, Activation.SELU_SCALE);
        assertEquals(1.6732632423543772, Activation.SELU_ALPHA);
        assertEquals(Activation.SELU_SCALE * Activation.SELU_ALPHA * Math.expm1(-2), Activation.SELU.apply(-2));
    }

    @Test
    void saturatingActivationsStayInTheirRange() {
        assertEquals(1.0, Activation.SIGMOID.apply(800));
        assertEquals(0.0, Activation.SIGMOID.apply(-800));
        assertEquals(-1.0, Activation.ELU.apply(-800));
        assertEquals(-Activation.SELU_SCALE * Activation.SELU_ALPHA, Activation.SELU.apply(-800), 1e-15);
    }

    @Test
    void nanPassesThroughAsInTensorFlowKernels() {
        for (Activation activation : elementWise()) {
            assertTrue(Double.isNaN(activation.apply(Double.NaN)), activation.name());
        }
    }

    @Test
    void fastTanhMatchesTheLibraryFarBelowFloatResolution() {
        for (double x = -25; x <= 25; x += 0.0037) {
            assertEquals(Math.tanh(x), Activation.TANH.apply(x), 1e-10 * Math.abs(Math.tanh(x)) + 1e-300, "tanh(" + x + ")");
        }
        for (double x : new double[] {1e-3, 2e-5, 1e-5, 9.99e-6, 1e-9, -1e-9, -9.99e-6, -1e-5, 0.0, -0.0}) {
            assertEquals(Math.tanh(x), Activation.TANH.apply(x), 1e-10 * Math.abs(Math.tanh(x)), "tanh(" + x + ")");
        }
        assertEquals(1.0, Activation.TANH.apply(1000));
        assertEquals(-1.0, Activation.TANH.apply(-1000));
        assertTrue(Double.isNaN(Activation.TANH.apply(Double.NaN)));
    }

    @Test
    void aWholeLayerInPlaceIsEachValueRoundedToFloat() {
        float[] values = {-40f, -3.5f, -0.75f, -1e-7f, 0f, 2e-6f, 0.3f, 1.25f, 7f, 19.5f, Float.NaN};
        for (Activation activation : elementWise()) {
            float[] layer = values.clone();
            activation.applyInPlace(layer, 1, layer.length - 1);
            assertEquals(values[0], layer[0], "before the range");
            assertEquals(values[values.length - 1], layer[layer.length - 1], "after the range");
            for (int i = 1; i < values.length - 1; i++) {
                assertEquals((float) activation.apply(values[i]), layer[i], activation + "(" + values[i] + ")");
            }
        }
    }

    @Test
    void softmaxOfALayerSumsToOneInTheRatiosOfItsExponentials() {
        float[] layer = {9f, 1f, 2f, 3f, 9f};
        Activation.SOFTMAX.applyInPlace(layer, 1, 4);
        double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(9f, layer[0], "before the range");
        assertEquals(9f, layer[4], "after the range");
        assertEquals((float) (Math.exp(1) / sum), layer[1]);
        assertEquals((float) (Math.exp(2) / sum), layer[2]);
        assertEquals((float) (Math.exp(3) / sum), layer[3]);
    }

    @Test
    void softmaxOfLargeValuesDoesNotOverflow() {
        float[] layer = {1000f, 1000f, 999f};
        Activation.SOFTMAX.applyInPlace(layer, 0, 3);
        double e = Math.exp(-1);
        assertEquals((float) (1 / (2 + e)), layer[0]);
        assertEquals((float) (e / (2 + e)), layer[2]);
        assertThrows(UnsupportedOperationException.class, () -> Activation.SOFTMAX.apply(1));
    }

    @Test
    void leakyReluTakesTheLayersAlpha() {
        float[] layer = {-2f, 3f};
        Activation.LEAKY_RELU.applyInPlace(layer, 0, 2, 0.3);
        assertArrayEquals(new float[] {(float) (-2 * 0.3), 3f}, layer);
    }

    @Test
    void linearAndNoBiasLayerIsJustTheProduct() {
        DenseLayer layer = new DenseLayer(new float[][] {{2, -1}, {0.5f, 4}}, new float[2], Activation.LINEAR);
        assertArrayEquals(new float[] {3f, 7f}, new DenseNetwork(List.of(layer)).forward(new float[] {1, 2}));
    }

    private static List<Activation> elementWise() {
        return Arrays.stream(Activation.values()).filter(Activation::elementWise).toList();
    }
}
