package io.fleetml.trainer;

/** Gives each record read its ground truth: {@link TrainingRecords#NORMAL}, {@link TrainingRecords#FRAUD} or unlabeled. */
interface RecordLabels {
    /** No label source: every record is unlabeled. */
    RecordLabels NONE = (record, file, number) -> TrainingRecords.UNLABELED;

    /** The label of {@code record}, the {@code number}th (from 1) of {@code file}, which an error message names. */
    byte labelOf(Object record, String file, long number);
}
