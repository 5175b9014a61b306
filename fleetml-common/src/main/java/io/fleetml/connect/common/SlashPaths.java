package io.fleetml.connect.common;

import java.nio.file.Path;

/** Relative local paths written with {@code /}, as object names and partition directories are. */
public final class SlashPaths {
    private SlashPaths() {
    }

    public static String relative(Path root, Path file) {
        StringBuilder name = new StringBuilder();
        for (Path segment : root.relativize(file)) {
            name.append(name.isEmpty() ? "" : "/").append(segment);
        }
        return name.toString();
    }
}
