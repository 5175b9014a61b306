package io.fleetml.connect.fraud;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code engine=java} no TensorFlow class is ever loaded, so neither is its native library, and the transform
 * runs on workers TensorFlow has no build for. Proven in a JVM of its own, which logs every class it loads, since this
 * test JVM loads TensorFlow for other tests.
 */
class JavaEngineWithoutTensorFlowTest {
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    @TempDir
    Path tmp;

    @Test
    void aKerasModelScoresWithEngineJavaWithoutLoadingAnyTensorFlowClass() throws IOException, InterruptedException {
        Path model = KerasModel.in(tmp);
        Path classLog = tmp.resolve("classes.log");
        Path output = tmp.resolve("output.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"),
                JavaEngineProbe.class.getName(), model.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }
        String printed = Files.readString(output);
        assertTrue(exited, "the child JVM ended within " + CHILD_TIMEOUT_SECONDS + " s: " + printed);
        assertEquals(0, child.exitValue(), printed);
        assertTrue(printed.lines().anyMatch(line -> line.matches("score \\d.*")), printed);

        List<String> loaded = Files.readAllLines(classLog);
        assertTrue(loaded.stream().anyMatch(line -> line.contains(" io.fleetml.connect.fraud.engine.JavaEngine ")),
                "the log names the classes loaded, the Java engine's among them");
        List<String> tensorFlow = loaded.stream().filter(line -> line.contains("org.tensorflow")).toList();
        assertEquals(List.of(), tensorFlow, "no TensorFlow class is loaded");
    }
}
