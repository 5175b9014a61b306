package io.fleetml.trainer;

import io.fleetml.model.features.Features;
import io.fleetml.simulator.PaymentSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A TFRecord file written by the sink, then damaged on purpose: the reader names the file and the record. */
class TfRecordFramesTest {
    private static final String NAME = "payments+0+00000000000000000000.tfrecord";

    @TempDir
    Path dir;
    private Path file;
    private byte[] intact;
    private final List<Integer> recordStarts = new ArrayList<>();

    @BeforeEach
    void writeFiveRecords() throws IOException {
        file = dir.resolve(NAME);
        SinkLayout.writeFile(file, new PaymentSimulator(5, 3).payments(5), SinkLayout.Format.TFRECORD);
        intact = Files.readAllBytes(file);
        ByteBuffer frames = ByteBuffer.wrap(intact).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < intact.length; at += 8 + 4 + (int) frames.getLong(at) + 4) {
            recordStarts.add(at);
        }
        assertEquals(5, recordStarts.size());
    }

    private String failure(byte[] damaged) throws IOException {
        Files.write(file, damaged);
        SinkFileReader reader = new SinkFileReader(Features.parse("amount", "features"), RecordLabels.NONE, "+");
        return assertThrows(IOException.class, () -> reader.read(List.of(new LocalSinkFile(file, NAME)), line -> { }))
                .getMessage();
    }

    @Test
    void theIntactFileReadsWhole() throws IOException {
        TrainingRecords records = new SinkFileReader(Features.parse("amount", "features"), RecordLabels.NONE, "+")
                .read(List.of(new LocalSinkFile(file, NAME)), line -> { });
        assertEquals(5, records.vectors().size());
    }

    @Test
    void aFlippedBitInTheDataFailsOnTheDataCrcOfThatRecord() throws IOException {
        byte[] damaged = intact.clone();
        damaged[recordStarts.get(2) + 12 + 7] ^= 0x10;
        assertEquals(file + ": record #3: the data's CRC does not match (the file is damaged)", failure(damaged));
    }

    @Test
    void aFlippedBitInALengthFailsOnTheLengthCrcOfThatRecord() throws IOException {
        byte[] damaged = intact.clone();
        damaged[recordStarts.get(1)] ^= 0x01;
        assertEquals(file + ": record #2: the length's CRC does not match (the file is damaged)", failure(damaged));
    }

    @Test
    void aCutOffFileFailsAsTruncatedAtTheRecordItEndsIn() throws IOException {
        String message = failure(Arrays.copyOf(intact, recordStarts.get(3) + 20));
        assertEquals(file + ": record #4: truncated, 8 of " + (recordStarts.get(4) - recordStarts.get(3) - 12)
                + " bytes after the header", message);
    }
}
