package io.fleetml.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Comparator;

/** One file of training data found under {@code --input}, in a local directory or under a {@code gs://} prefix. */
public interface SinkFile {
    /** The order files are read in: by relative name, so partitions in time order and, within one, by offset. */
    Comparator<SinkFile> BY_NAME = Comparator.comparing(SinkFile::relativeName);

    /** Where the file is, as the user would look it up: a local path or a {@code gs://} URI. */
    String location();

    /** The path below the input location, segments separated by {@code /}: what the format and range are read from. */
    String relativeName();

    /** The file's bytes from the start; the caller closes the stream. */
    InputStream open() throws IOException;

    /**
     * Hands {@code reader} a local file with the content, for formats that need random access (Parquet reads its footer
     * first); a remote file is downloaded to a temporary file that is deleted afterwards.
     */
    void withLocalCopy(LocalFileReader reader) throws IOException;

    /** Reads a local file. */
    @FunctionalInterface
    interface LocalFileReader {
        void read(Path file) throws IOException;
    }
}
