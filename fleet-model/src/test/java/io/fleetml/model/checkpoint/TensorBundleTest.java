package io.fleetml.model.checkpoint;

import io.fleetml.model.SharedModels;
import io.fleetml.model.graph.Dataflow;
import io.fleetml.model.graph.RestoredVariables;
import io.fleetml.model.graph.SavedModelGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorBundleTest {
    /** LevelDB's footer: two block handles padded to 40 bytes, then the 8-byte magic number. */
    private static final int FOOTER = 48;

    @TempDir
    Path tmp;

    @Test
    void readsTheTf1VariablesTheRestoreGraphNames() throws IOException {
        Path model = SharedModels.require(SharedModels.TF1_HALF_PLUS_TWO);
        Map<String, String> keys = RestoredVariables.keys(flow(model));
        assertEquals(Map.of("a", "a", "b", "b", "c", "c"), keys);
        TensorBundle bundle = TensorBundle.open(model);
        assertArrayEquals(new float[] {0.5f}, bundle.floats("a").values());
        assertArrayEquals(new float[] {2f}, bundle.floats("b").values());
        assertArrayEquals(new long[0], bundle.floats("a").shape());
    }

    @Test
    void mapsKerasVariablesToTheirObjectGraphKeysThroughTheRestoreFunction() throws IOException {
        Path model = SharedModels.require(SharedModels.KERAS_DENSE_AUTOENCODER);
        Map<String, String> keys = RestoredVariables.keys(flow(model));
        assertEquals("layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", keys.get("dense_5/kernel"));
        assertEquals("layer_with_weights-4/bias/.ATTRIBUTES/VARIABLE_VALUE", keys.get("dense_9/bias"));
        TensorBundle bundle = TensorBundle.open(model);
        TensorBundle.FloatTensor kernel = bundle.floats(keys.get("dense_5/kernel"));
        assertArrayEquals(new long[] {16, 8}, kernel.shape());
        assertEquals(128, kernel.values().length);
        assertArrayEquals(new long[] {16}, bundle.floats(keys.get("dense_9/bias")).shape());
        assertTrue(bundle.contains("_CHECKPOINTABLE_OBJECT_GRAPH"));
        assertFalse(bundle.contains(""), "the header is not a tensor");
    }

    @Test
    void aTensorWhoseBytesChangedIsRefusedNamingTheFileAndTheTensor() throws IOException {
        Path model = copy(SharedModels.require(SharedModels.TF1_HALF_PLUS_TWO));
        Path data = model.resolve("variables/variables.data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(data);
        // a, b and c are stored in key order, 4 bytes each: flip a bit of b.
        bytes[5] ^= 0x01;
        Files.write(data, bytes);
        TensorBundle bundle = TensorBundle.open(model);
        assertArrayEquals(new float[] {0.5f}, bundle.floats("a").values());
        IOException e = assertThrows(IOException.class, () -> bundle.floats("b"));
        assertEquals("tensor 'b' in variables.data-00000-of-00001 does not match its CRC32C: the checkpoint is "
                + "corrupt", e.getMessage());
    }

    @Test
    void anIndexBlockWhoseCrcDiffersIsRefusedNamingTheFile() throws IOException {
        Path model = copy(SharedModels.require(SharedModels.TF1_HALF_PLUS_TWO));
        // The index block is written last, just before the footer; its trailer's CRC is its last 4 bytes.
        changeIndexByte(model, -1);
        IOException e = assertThrows(IOException.class, () -> TensorBundle.open(model));
        assertTrue(e.getMessage().startsWith("variables.index is not a readable checkpoint index: its index block at "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("does not match its CRC32C"), e.getMessage());
    }

    @Test
    void aSnappyCompressedBlockIsRefusedAsSuch() throws IOException {
        Path model = copy(SharedModels.require(SharedModels.TF1_HALF_PLUS_TWO));
        // The trailer's first byte is the compression type: 1 is snappy.
        changeIndexByte(model, -5);
        IOException e = assertThrows(IOException.class, () -> TensorBundle.open(model));
        assertTrue(e.getMessage().contains("is snappy-compressed; TensorFlow writes checkpoint indexes uncompressed"),
                e.getMessage());
    }

    @Test
    void aFileThatIsNoTableIsRefused() throws IOException {
        Path model = copy(SharedModels.require(SharedModels.TF1_HALF_PLUS_TWO));
        Files.write(model.resolve("variables/variables.index"), new byte[64]);
        IOException e = assertThrows(IOException.class, () -> TensorBundle.open(model));
        assertEquals("variables.index is not a readable checkpoint index: it does not end in the table magic number",
                e.getMessage());
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        TensorBundle bundle = TensorBundle.open(SharedModels.require(SharedModels.TF1_HALF_PLUS_TWO));
        IOException e = assertThrows(IOException.class, () -> bundle.floats("d"));
        assertEquals("the checkpoint has no tensor 'd'", e.getMessage());
    }

    private static Dataflow flow(Path model) throws IOException {
        return new Dataflow(SavedModelGraphs.parse(Files.readAllBytes(model.resolve("saved_model.pb"))).get(0));
    }

    /** The byte {@code fromFooter} bytes before the footer, set to 1 if it was not, else to 2. */
    private static void changeIndexByte(Path model, int fromFooter) throws IOException {
        Path index = model.resolve("variables/variables.index");
        byte[] bytes = Files.readAllBytes(index);
        int at = bytes.length - FOOTER + fromFooter;
        bytes[at] = (byte) (bytes[at] == 1 ? 2 : 1);
        Files.write(index, bytes);
    }

    private Path copy(Path model) throws IOException {
        Path copy = tmp.resolve(model.getFileName());
        Files.createDirectories(copy.resolve("variables"));
        Files.copy(model.resolve("saved_model.pb"), copy.resolve("saved_model.pb"));
        try (var files = Files.list(model.resolve("variables"))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve("variables").resolve(file.getFileName()));
            }
        }
        return copy;
    }
}
