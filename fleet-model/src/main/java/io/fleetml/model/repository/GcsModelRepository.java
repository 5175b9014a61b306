package io.fleetml.model.repository;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import io.fleetml.connect.common.Directories;
import io.fleetml.connect.common.SlashPaths;
import io.fleetml.connect.common.gcp.GcsLocation;
import io.fleetml.model.metadata.ModelMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A model root under a {@code gs://} prefix. Cloud Storage has no rename, so a version cannot appear at once: it is
 * uploaded file by file and {@value ModelMetadata#FILE_NAME} goes last, and a version counts as complete only once that
 * file exists, so a reader never loads a half-uploaded one. Every object is created only if it does not exist yet, so
 * two runs that picked the same number fail instead of mixing their files.
 */
public final class GcsModelRepository implements ModelRepository {
    private static final int PRECONDITION_FAILED = 412;
    private static final int NOT_FOUND = 404;
    private static final int UNAUTHORIZED = 401;
    private static final int FORBIDDEN = 403;

    private final Storage storage;
    private final GcsLocation root;
    private Path staging;

    /** {@code storage} stays the caller's to close. */
    public GcsModelRepository(Storage storage, GcsLocation root) {
        this.storage = storage;
        this.root = root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    /**
     * Numbers every numbered "directory", complete or not, for the next version: one left half-uploaded by a failed run
     * keeps its number, so its stray objects are never mixed into a later version.
     */
    @Override
    public ModelRootListing list() throws IOException {
        List<Blob> objects;
        try {
            objects = files(root);
        } catch (StorageException e) {
            throw new IOException(unreadable(e), e);
        }
        long largest = 0;
        Map<Long, Boolean> complete = new TreeMap<>();
        for (Blob object : objects) {
            String name = versionName(object);
            if (name != null) {
                String file = object.getName().substring(root.prefix().length() + name.length() + 1);
                complete.merge(Long.parseLong(name), file.equals(ModelMetadata.FILE_NAME), Boolean::logicalOr);
                largest = Math.max(largest, Long.parseLong(name));
            }
        }
        List<ModelVersion> versions = new ArrayList<>();
        complete.forEach((number, done) -> {
            if (done) {
                GcsLocation dir = version(number);
                versions.add(new ModelVersion(number, dir.toString(),
                        stamp(dir, objects.stream().filter(o -> o.getName().startsWith(dir.prefix())).toList())));
            }
        });
        boolean savedModel = objects.stream().anyMatch(o -> o.getName().equals(root.prefix() + SAVED_MODEL_FILE));
        return new ModelRootListing(objects.isEmpty(), savedModel, new ModelVersion(0, root.toString(),
                stamp(root, objects)), largest + 1, versions);
    }

    /** Downloads exactly the objects whose generations the version's stamp lists, or fails if the version changed since. */
    @Override
    public Path open(ModelVersion version, Path scratch) throws IOException {
        GcsLocation dir = version.number() == 0 ? root : version(version.number());
        List<Blob> objects;
        try {
            objects = files(dir);
        } catch (StorageException e) {
            throw new IOException("cannot download " + dir + ": " + e.getMessage(), e);
        }
        if (!stamp(dir, objects).equals(version.stamp())) {
            throw new IOException(dir + " changed while it was being downloaded");
        }
        List<Path> targets = new ArrayList<>();
        for (Blob object : objects) {
            Path target = scratch.resolve(object.getName().substring(dir.prefix().length())).normalize();
            if (!target.startsWith(scratch)) {
                throw new IOException("the object name " + object.getName() + " leads outside " + dir);
            }
            targets.add(target);
        }
        try {
            Directories.deleteTree(scratch);
            for (int i = 0; i < objects.size(); i++) {
                Blob object = objects.get(i);
                Files.createDirectories(targets.get(i).getParent());
                storage.downloadTo(BlobId.of(dir.bucket(), object.getName(), object.getGeneration()), targets.get(i));
            }
        } catch (StorageException | IOException | UncheckedIOException e) {
            throw new IOException("cannot download " + dir + ": " + e.getMessage(), e);
        }
        return scratch;
    }

    @Override
    public Path stage(long version) throws IOException {
        staging = Files.createTempDirectory("fleetml-model-" + version + "-");
        return staging;
    }

    @Override
    public String publish(Path staged, long version) throws IOException {
        String versionPrefix = root.objectName(version + "/");
        Path metadata = staged.resolve(ModelMetadata.FILE_NAME);
        if (!Files.isRegularFile(metadata)) {
            throw new IllegalStateException("the staged model has no " + ModelMetadata.FILE_NAME);
        }
        for (Path file : modelFiles(staged)) {
            upload(file, versionPrefix + SlashPaths.relative(staged, file), version);
        }
        upload(metadata, versionPrefix + ModelMetadata.FILE_NAME, version);
        return root.uri(versionPrefix);
    }

    @Override
    public void close() throws IOException {
        if (staging != null) {
            Directories.deleteTree(staging);
        }
    }

    private GcsLocation version(long number) {
        return root.child(Long.toString(number));
    }

    /** The SavedModel's files, without the metadata, in name order. */
    private static List<Path> modelFiles(Path staged) throws IOException {
        try (Stream<Path> walk = Files.walk(staged)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.equals(staged.resolve(ModelMetadata.FILE_NAME)))
                    .sorted()
                    .toList();
        }
    }

    private void upload(Path file, String objectName, long version) throws IOException {
        try {
            storage.createFrom(BlobInfo.newBuilder(root.bucket(), objectName).build(), file,
                    Storage.BlobWriteOption.doesNotExist());
        } catch (StorageException e) {
            if (e.getCode() == PRECONDITION_FAILED) {
                throw new IOException(root.uri(objectName) + " already exists: another run is publishing version "
                        + version + "; run again to publish the next one", e);
            }
            throw new IOException("cannot upload " + root.uri(objectName) + ": " + e.getMessage(), e);
        }
    }

    /** The objects under {@code dir}, without the empty placeholder objects some tools create for folders. */
    private List<Blob> files(GcsLocation dir) {
        List<Blob> objects = new ArrayList<>();
        Iterable<Blob> page = dir.prefix().isEmpty() ? storage.list(dir.bucket()).iterateAll()
                : storage.list(dir.bucket(), Storage.BlobListOption.prefix(dir.prefix())).iterateAll();
        for (Blob object : page) {
            if (!object.getName().endsWith("/")) {
                objects.add(object);
            }
        }
        return objects;
    }

    /** The numbered directory right below the root that holds {@code object}, or null when it is in none. */
    private String versionName(Blob object) {
        String relative = object.getName().substring(root.prefix().length());
        int slash = relative.indexOf('/');
        return slash > 0 && ModelVersionNames.isNumber(relative.substring(0, slash)) ? relative.substring(0, slash) : null;
    }

    /** The objects' names below {@code dir} and generations: a new upload of any of them changes it. */
    private static String stamp(GcsLocation dir, List<Blob> objects) {
        return objects.stream().map(o -> o.getName().substring(dir.prefix().length()) + "#" + o.getGeneration())
                .sorted().collect(Collectors.joining(";"));
    }

    private String unreadable(StorageException e) {
        return switch (e.getCode()) {
            case NOT_FOUND -> "the bucket '" + root.bucket() + "' does not exist";
            case UNAUTHORIZED, FORBIDDEN -> "no access to list it: " + e.getMessage();
            default -> "cannot be listed: " + e.getMessage();
        };
    }
}
