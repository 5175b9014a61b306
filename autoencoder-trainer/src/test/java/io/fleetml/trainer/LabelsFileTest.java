package io.fleetml.trainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsFileTest {
    @TempDir
    Path dir;

    private LabelsFile read(String csv) throws IOException {
        Path file = dir.resolve("labels.csv");
        Files.writeString(file, csv);
        return LabelsFile.read(file, "payment_id", "is_fraud", LabelValues.defaults());
    }

    private static byte label(LabelsFile labels, Object id) {
        return labels.labelOf(Map.of("payment_id", id), "f.jsonl", 1);
    }

    @Test
    void recordsJoinByIdAndAnIdMissingFromTheFileIsUnlabeled() throws IOException {
        LabelsFile labels = read("payment_id,is_fraud\np-1,1\np-2,0\n\"p,3\",true\n7,false\n");
        assertEquals(TrainingRecords.FRAUD, label(labels, "p-1"));
        assertEquals(TrainingRecords.NORMAL, label(labels, "p-2"));
        assertEquals(TrainingRecords.FRAUD, label(labels, "p,3"));
        assertEquals(TrainingRecords.UNLABELED, label(labels, "p-4"));
        assertEquals(TrainingRecords.UNLABELED, labels.labelOf(Map.of("other", "p-1"), "f.jsonl", 1));
        assertEquals(TrainingRecords.NORMAL, label(labels, 7L), "a numeric id in the record matches its digits");
        assertEquals(TrainingRecords.NORMAL, label(labels, 7.0), "7.0 is the same id as 7");
        assertEquals(4, labels.size());
    }

    @Test
    void columnsAreFoundByTheirHeaderNamesInAnyOrderAndAnEmptyLabelLeavesTheIdUnlabeled() throws IOException {
        LabelsFile labels = read("\uFEFFis_fraud,reported,payment_id\n1,2026-11-30,p-1\n,2026-11-30,p-2\n\n");
        assertEquals(TrainingRecords.FRAUD, label(labels, "p-1"));
        assertEquals(TrainingRecords.UNLABELED, label(labels, "p-2"));
    }

    @Test
    void anIdListedTwiceWithTheSameLabelCountsOnceAndWithTwoLabelsIsRefusedWithoutShowingTheId() throws IOException {
        LabelsFile labels = read("payment_id,is_fraud\np-1,1\np-2,0\np-1,1\n");
        assertEquals(TrainingRecords.FRAUD, label(labels, "p-1"));
        assertEquals(2, labels.size());

        IOException e = assertThrows(IOException.class, () -> read("payment_id,is_fraud\nsecret-9,0\np-2,0\nsecret-9,1\n"));
        assertTrue(e.getMessage().contains("line 4, column 'is_fraud'"), e.getMessage());
        assertTrue(e.getMessage().contains("labeled normal on line 2 and fraud here"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-9"), e.getMessage());
    }

    @Test
    void aLabelThatIsNeitherNormalNorFraudNamesItsLineAndColumnNotTheId() {
        IOException e = assertThrows(IOException.class, () -> read("payment_id,is_fraud\np-1,1\nsecret-9,maybe\n"));
        assertTrue(e.getMessage().contains("labels.csv line 3, column 'is_fraud' (--label-field): the label is neither "
                + "a normal value [0, false] (--normal-label) nor a fraud value [1, true] (--fraud-label)"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-9"), e.getMessage());
    }

    @Test
    void aMissingColumnOrARowOfAnotherWidthIsNamed() {
        IOException missing = assertThrows(IOException.class, () -> read("id,is_fraud\np-1,1\n"));
        assertTrue(missing.getMessage().endsWith("has no column 'payment_id' (--id-field) in its header line"),
                missing.getMessage());
        IOException width = assertThrows(IOException.class, () -> read("payment_id,is_fraud\np-1,1,x\n"));
        assertTrue(width.getMessage().endsWith("line 2 has 3 columns, the header 2"), width.getMessage());
        IOException empty = assertThrows(IOException.class, () -> read(""));
        assertTrue(empty.getMessage().endsWith("is empty; it needs a header line naming its columns"), empty.getMessage());
    }

    @Test
    void labelValuesAreConfigurableAndAValueInBothListsIsRefused() throws IOException {
        Path file = dir.resolve("labels.csv");
        Files.writeString(file, "payment_id,status\np-1,chargeback\np-2,settled\n");
        LabelsFile labels = LabelsFile.read(file, "payment_id", "status",
                new LabelValues(Set.of("settled"), Set.of("chargeback", "disputed")));
        assertEquals(TrainingRecords.FRAUD, label(labels, "p-1"));
        assertEquals(TrainingRecords.NORMAL, label(labels, "p-2"));
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> new LabelValues(Set.of("0", "x"), Set.of("1", "x")));
        assertEquals("label value 'x' is both in --normal-label and in --fraud-label", both.getMessage());
    }

    @Test
    void aLabelFieldOfTheRecordIsReadAsTheLabelsFileIsAndAnUnknownValueNamesTheRecord() {
        FieldLabels labels = new FieldLabels("label.fraud", LabelValues.defaults());
        assertEquals(TrainingRecords.FRAUD, labels.labelOf(Map.of("label", Map.of("fraud", true)), "f.jsonl", 1));
        assertEquals(TrainingRecords.NORMAL, labels.labelOf(Map.of("label", Map.of("fraud", 0.0)), "f.jsonl", 2));
        assertEquals(TrainingRecords.UNLABELED, labels.labelOf(Map.of("label", Map.of()), "f.jsonl", 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> labels.labelOf(Map.of("label", Map.of("fraud", 2)), "f.jsonl", 4));
        assertTrue(e.getMessage().startsWith("f.jsonl record 4, field 'label.fraud' (--label-field): the label is neither"),
                e.getMessage());
    }
}
