package io.fleetml.trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * Which files under {@code --input} are read: those of a format the trainer reads ({@link SinkFileFormat}) in the
 * {@code --from}/{@code --to} range. The others are kept to be reported, so no file is left out unsaid.
 *
 * @param selected       the files to read, in {@link SinkFile#BY_NAME} order
 * @param otherFormats   the locations of files of another kind (the sink's Avro or CSV, or anything else)
 * @param outsideRange   how many files of a readable format lie outside the range
 */
record InputSelection(List<SinkFile> selected, List<String> otherFormats, int outsideRange) {

    /** {@code fileDelimiter}: the sink's {@code file.delim}, which the names of its {@code .json} objects are read with. */
    static InputSelection of(List<SinkFile> files, PartitionRange range, String fileDelimiter) {
        List<SinkFile> selected = new ArrayList<>();
        List<String> otherFormats = new ArrayList<>();
        int outsideRange = 0;
        for (SinkFile file : files) {
            if (SinkFileFormat.of(file.relativeName(), fileDelimiter).isEmpty()) {
                otherFormats.add(file.location());
            } else if (range.includes(file.relativeName())) {
                selected.add(file);
            } else {
                outsideRange++;
            }
        }
        return new InputSelection(List.copyOf(selected), List.copyOf(otherFormats), outsideRange);
    }
}
