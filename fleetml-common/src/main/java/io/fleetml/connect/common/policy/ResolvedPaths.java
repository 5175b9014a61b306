package io.fleetml.connect.common.policy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a path leads on this machine: absolute, every symbolic link followed and every {@code ..} applied in the order
 * the file system would, so a link or a {@code ..} cannot lead out of a directory the policy allows while the text
 * of the path stays inside it.
 */
final class ResolvedPaths {
    private ResolvedPaths() {
    }

    /** A local path as a setting names it: a file name, or a {@code file:} URI in any case. */
    static Path of(String value) {
        if (value.toLowerCase(Locale.ROOT).startsWith("file:")) {
            return Path.of(URI.create("file" + value.substring("file".length())));
        }
        return Path.of(value);
    }

    /**
     * The path {@code path} leads to. Each name is resolved by the file system where it exists; one that does not exist
     * yet (a directory still to be created) is taken as written, and a {@code ..} after it steps back to where the
     * file system resolves names again, as {@code Files.createDirectories} would walk it.
     *
     * @throws IOException when a name cannot be followed: a link whose target does not exist, a directory that may
     *                     not be read
     */
    static Path resolve(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path resolved = absolute.getRoot();
        for (Path name : absolute) {
            String part = name.toString();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                resolved = resolved.getParent() == null ? resolved : resolved.getParent();
                continue;
            }
            resolved = resolved.resolve(part);
            try {
                resolved = resolved.toRealPath();
            } catch (NoSuchFileException e) {
                if (Files.isSymbolicLink(resolved)) {
                    throw new NoSuchFileException(resolved.toString(), null, "a link to a file that does not exist");
                }
            }
        }
        return resolved;
    }
}
