package io.fleetml.trainer;

import io.fleetml.connect.common.SlashPaths;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A training file in a local directory tree. */
record LocalSinkFile(Path file, String relativeName) implements SinkFile {

    /** Every regular file below {@code root}, sorted by relative name. */
    static List<SinkFile> below(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("--input " + root + " is not a directory");
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> (SinkFile) new LocalSinkFile(p, SlashPaths.relative(root, p)))
                    .sorted(SinkFile.BY_NAME)
                    .toList();
        }
    }


    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void withLocalCopy(LocalFileReader reader) throws IOException {
        reader.read(file);
    }
}
