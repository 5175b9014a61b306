package io.fleetml.model.graph;

import com.google.protobuf.ByteString;
import io.fleetml.model.metadata.ModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.fleetml.model.graph.GraphBytes.call;
import static io.fleetml.model.graph.GraphBytes.function;
import static io.fleetml.model.graph.GraphBytes.node;
import static io.fleetml.model.graph.GraphBytes.savedModel;
import static io.fleetml.model.graph.GraphBytes.stringConst;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GraphCheckTest {
    /** SavedModels exported by Python TensorFlow, read in place from beside the repository. */
    private static final Path SHARED_MODELS = Path.of("../../shared/models");
    private static final Path KERAS = SHARED_MODELS.resolve("keras-tf2.10-dense-autoencoder");
    private static final Path TF1 = SHARED_MODELS.resolve("tf1-half-plus-two");

    /** A TF1 saver as TensorFlow Java exports it: SaveV2 behind the save tensor, RestoreV2 behind restore_all. */
    private static final List<ByteString> TF1_SAVER = List.of(
            node("w", "VariableV2"),
            stringConst("save/filename", "variables/variables"),
            node("save/SaveV2", "SaveV2", "save/filename", "w"),
            node("save/control_dependency", "Identity", "save/filename", "^save/SaveV2"),
            node("save/RestoreV2", "RestoreV2", "save/filename"),
            node("save/Assign", "Assign", "w", "save/RestoreV2"),
            node("save/restore_all", "NoOp", "^save/Assign"));

    @TempDir
    Path dir;

    @Test
    void theKerasTf2ExportPasses() {
        assumeShared(KERAS);
        assertDoesNotThrow(() -> GraphCheck.check(KERAS));
    }

    @Test
    void theTf1ExportWithItsShardedSaverPasses() {
        assumeShared(TF1);
        assertDoesNotThrow(() -> GraphCheck.check(TF1));
    }

    @Test
    void aDenseGraphWithItsSaverPasses() throws IOException {
        write(savedModel(denseGraph(), List.of(), "save/control_dependency", "save/restore_all", "y:0"));
        assertDoesNotThrow(() -> GraphCheck.check(dir));
    }

    @Test
    void aWriteFileIsRefusedNamingTheOpAndItsNode() throws IOException {
        List<ByteString> nodes = new ArrayList<>(denseGraph());
        nodes.add(stringConst("p", "/tmp/x"));
        nodes.add(node("sneaky", "WriteFile", "p", "p"));
        write(savedModel(nodes, List.of(), "save/control_dependency", "save/restore_all", "y:0"));
        UnsafeGraphException e = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir));
        assertTrue(e.getMessage().contains("WriteFile at node 'sneaky' (not an op of inference or variable restore)"),
                e.getMessage());
    }

    @Test
    void namesFromTheFileAreShownPrintableAndBounded() throws IOException {
        write(savedModel(List.of(node("x", "Placeholder"), node("y\nforged log line " + "z".repeat(500), "WriteFile", "x")),
                List.of(), "", "", "x"));
        String message = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir)).getMessage();
        assertTrue(message.contains("WriteFile at node 'y?forged log line zzz"), message);
        assertFalse(message.contains("\n"), message);
        assertTrue(message.length() < 400, message);
    }

    @Test
    void aReadFileInsideALibraryFunctionThatTheGraphCallsIsRefusedNamingTheFunction() throws IOException {
        List<ByteString> nodes = List.of(node("x", "Placeholder"), call("y", "reader", "x"));
        write(savedModel(nodes, List.of(function("reader", stringConst("path", "/etc/hostname"),
                node("read", "ReadFile", "path:output:0"))), "", "", "y:0"));
        UnsafeGraphException e = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir));
        assertTrue(e.getMessage().contains("ReadFile at node 'read' in function 'reader'"), e.getMessage());
    }

    @Test
    void aFunctionNoNodeCallsIsCheckedToo() throws IOException {
        assumeShared(KERAS);
        GraphBytes.copyEdited(KERAS, dir.resolve("model"), GraphBytes::withReadFileInFunction);
        UnsafeGraphException e = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir.resolve("model")));
        assertTrue(e.getMessage().contains("ReadFile at node 'read' in function 'attack_read'"), e.getMessage());
    }

    @Test
    void pythonAndPrintingOpsAreRefused() throws IOException {
        write(savedModel(List.of(node("x", "Placeholder"), node("py", "EagerPyFunc", "x"),
                node("fmt", "StringFormat", "x"), node("y", "PrintV2", "fmt")), List.of(), "", "", "y"));
        String message = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir)).getMessage();
        assertTrue(message.contains("EagerPyFunc at node 'py'"), message);
        assertTrue(message.contains("StringFormat at node 'fmt'"), message);
        assertTrue(message.contains("PrintV2 at node 'y'"), message);
    }

    @Test
    void aCheckpointWriteThatTheRestoreOpRunsIsRefused() throws IOException {
        List<ByteString> nodes = new ArrayList<>(denseGraph());
        nodes.add(node("save/restore_everything", "NoOp", "^save/restore_all", "^save/control_dependency"));
        write(savedModel(nodes, List.of(), "save/control_dependency", "save/restore_everything", "y:0"));
        String message = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir)).getMessage();
        assertTrue(message.contains("SaveV2 at node 'save/SaveV2' (a checkpoint write that loading or scoring would run)"),
                message);
    }

    @Test
    void aCheckpointWriteThatTheSignatureOutputReachesIsRefused() throws IOException {
        List<ByteString> nodes = new ArrayList<>(TF1_SAVER);
        nodes.add(node("x", "Placeholder"));
        nodes.add(node("y", "Identity", "x", "^save/control_dependency"));
        write(savedModel(nodes, List.of(), "save/control_dependency", "save/restore_all", "y:0"));
        String message = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir)).getMessage();
        assertTrue(message.contains("SaveV2 at node 'save/SaveV2' (a checkpoint write that loading or scoring would run)"),
                message);
    }

    @Test
    void aCheckpointWriteOutsideTheSaverIsRefused() throws IOException {
        List<ByteString> nodes = new ArrayList<>(denseGraph());
        nodes.add(stringConst("elsewhere", "/tmp/x"));
        nodes.add(node("dump", "SaveV2", "elsewhere", "w"));
        write(savedModel(nodes, List.of(), "save/control_dependency", "save/restore_all", "y:0"));
        String message = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir)).getMessage();
        assertTrue(message.contains("SaveV2 at node 'dump' (a checkpoint write outside the saver's save graph)"), message);
        assertFalse(message.contains("'save/SaveV2'"), message);
    }

    @Test
    void aCheckpointWriteInAFunctionThatTheSignatureAlsoCallsIsRefused() throws IOException {
        ByteString save = function("traced_save", node("save", "SaveV2", "prefix", "w"));
        List<ByteString> nodes = List.of(node("x", "Placeholder"), call("saver", "traced_save", "x"),
                call("y", "traced_save", "x"));
        write(savedModel(nodes, List.of(save), "saver:0", "", "y:0"));
        String message = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir)).getMessage();
        assertTrue(message.contains("SaveV2 at node 'save' in function 'traced_save' (a checkpoint write that loading "
                + "or scoring would run)"), message);
    }

    @Test
    void aCheckpointReadOutsideTheRestoreGraphIsRefused() throws IOException {
        List<ByteString> nodes = new ArrayList<>(denseGraph());
        nodes.add(stringConst("other", "/var/lib/other-model/variables"));
        nodes.add(node("peek", "RestoreV2", "other"));
        write(savedModel(nodes, List.of(), "save/control_dependency", "save/restore_all", "y:0"));
        String message = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir)).getMessage();
        assertTrue(message.contains("RestoreV2 at node 'peek' (a checkpoint read outside the saver's restore graph)"),
                message);
    }

    @Test
    void aWriteFileAddedToTheRestoreOpOfARealExportIsRefused() {
        assumeShared(TF1);
        Path model = GraphBytes.copyEdited(TF1, dir.resolve("model"),
                bytes -> GraphBytes.withWriteFileOnLoad(bytes, dir.resolve("written")));
        String message = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(model)).getMessage();
        assertTrue(message.contains("WriteFile at node 'attack/write'"), message);
    }

    @Test
    void aChunkedOrTextSavedModelBesideTheCheckedOneIsRefused() throws IOException {
        write(savedModel(denseGraph(), List.of(), "save/control_dependency", "save/restore_all", "y:0"));
        Files.write(dir.resolve("saved_model.cpb"), new byte[] {1});
        String message = assertThrows(UnsafeGraphException.class, () -> GraphCheck.check(dir)).getMessage();
        assertTrue(message.contains("saved_model.cpb"), message);
    }

    @Test
    void bytesThatAreNotAProtobufAreAMalformedModelFile() throws IOException {
        Files.write(dir.resolve("saved_model.pb"), new byte[] {(byte) 0x12, (byte) 0xff});
        ModelFileException e = assertThrows(ModelFileException.class, () -> GraphCheck.check(dir));
        assertTrue(e.getMessage().startsWith("saved_model.pb is not a SavedModel"), e.getMessage());
    }

    /** y = w·x + b through a dense layer, with the saver of {@link #TF1_SAVER}. */
    private static List<ByteString> denseGraph() {
        List<ByteString> nodes = new ArrayList<>(TF1_SAVER);
        nodes.addAll(List.of(node("x", "Placeholder"), node("b", "VariableV2"), node("mm", "MatMul", "x", "w"),
                node("z", "BiasAdd", "mm", "b"), node("y", "Tanh", "z")));
        return nodes;
    }

    private void write(byte[] savedModel) throws IOException {
        Files.write(dir.resolve("saved_model.pb"), savedModel);
    }

    private static void assumeShared(Path model) {
        assumeTrue(Files.isRegularFile(model.resolve("saved_model.pb")),
                "the shared models are not beside the repository: " + model.toAbsolutePath().normalize());
    }
}
