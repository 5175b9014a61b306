package io.fleetml.trainer;

import java.nio.file.Path;

/** Relative local paths written with {@code /}, as object names and partition directories are. */
final class SlashPaths {
    private SlashPaths() {
    }

    static String relative(Path root, Path file) {
        StringBuilder name = new StringBuilder();
        for (Path segment : root.relativize(file)) {
            name.append(name.isEmpty() ? "" : "/").append(segment);
        }
        return name.toString();
    }
}
