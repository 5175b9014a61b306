package io.fleetml.testkit.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * A Google Cloud Storage JSON-API emulator on loopback, enough of the API for the real google-cloud-storage client:
 * buckets, multipart/media/resumable uploads, metadata, downloads (with ranges), listing with prefix and pagination,
 * delete, and generation preconditions. Objects become visible only when their upload completes. Tests can inject
 * HTTP errors, dropped connections and delays; with a directory, objects are also written there to browse.
 *
 * <p>Behaviours modelled on Cloud Storage's failure modes (JSON API "Performing resumable uploads" and "Retry
 * strategy" pages; storage-testbench retry-conformance instructions):
 * <ul>
 *   <li>a request can take effect and lose its answer ({@link #commitThenDropNext}, {@link #commitThenFailNext}):
 *       the object is stored, then the connection closes or a 5xx comes back, as storage-testbench's
 *       {@code return-reset-connection} / {@code return-503} do when the server committed first;</li>
 *   <li>a resumable session that created its object answers later queries and chunks with 200 and the object, as GCS
 *       does, so a client that lost the final chunk's answer finds its upload finished;</li>
 *   <li>a chunk of a resumable upload can be saved in part and then answered with a 5xx
 *       ({@link #saveInPartThenFailNext}), as storage-testbench's {@code return-503-after-256K}: the client learns from
 *       the session's {@code Range} how much arrived and sends the rest;</li>
 *   <li>a non-final chunk must end on a multiple of 256 KiB, else 400 {@code invalid};</li>
 *   <li>a {@code crc32c} in a multipart upload's metadata, or an {@code X-Goog-Hash: crc32c=} on a resumable
 *       upload's final chunk, must match the content, else 400 {@code invalid} and no object;</li>
 *   <li>a resumable session expires after a week ({@link #sessionLifetime}), then answers 410 {@code gone};</li>
 *   <li>{@code objects.get} can be denied with 403 ({@link #denyObjectReads}), as for a service account holding only
 *       {@code roles/storage.objectCreator};</li>
 *   <li>storage-testbench's retry tests ({@link #retryTest}: the testbench README's "Retry Test API" and "Forced
 *       Failures Supported"; its retry-test code for when each instruction is consumed), one ordered list
 *       of instructions per JSON-API method, {@code storage.objects.insert} covering single-shot uploads, resumable
 *       session starts and chunk {@code PUT}s alike:
 *       {@code return-<status>} answers that status before the request takes effect;
 *       {@code return-reset-connection} closes the connection before it takes effect;
 *       {@code return-broken-stream} serves the request, sends the answer's headers and its first 4 body bytes, then
 *       closes the connection;
 *       {@code return-<status>-after-<N>K} waits for the chunk that reaches offset N KiB of a resumable upload, saves
 *       the upload up to that offset and answers the status (single-shot uploads never meet it);
 *       {@code return-broken-stream-final-chunk-after-<N>B} waits for the chunk that finishes a resumable upload,
 *       creates the object, and answers 200 with only the first N bytes of the object's JSON (a complete but short
 *       answer, as the testbench's code does, although its README speaks of a broken connection);
 *       {@code return-broken-stream-after-<N>K} ({@code storage.objects.get} only) breaks the answer after N KiB;</li>
 *   <li>errors carry GCS's reason: {@code conditionNotMet} for a failed precondition, {@code forbidden},
 *       {@code notFound}, {@code backendError}.</li>
 * </ul>
 */
public final class GcsEmulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PRECONDITION_FAILED = 412;
    /** GCS's upload granule: every chunk but the last ends on a multiple of it. */
    private static final int GRANULE = 256 * 1024;

    private final Path directory;
    private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private final Map<String, ResumableSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, StoredObject> finishedSessions = new ConcurrentHashMap<>();
    private final ThreadLocal<Boolean> answerLost = ThreadLocal.withInitial(() -> false);
    private volatile boolean objectReadsDenied;
    private volatile Duration sessionLifetime = Duration.ofDays(7);
    private final ThreadLocal<Integer> keptBytes = ThreadLocal.withInitial(() -> -1);
    private final ThreadLocal<FaultPlan.Fault> answerFault = new ThreadLocal<>();
    private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);
    private final FaultPlan faults = new FaultPlan();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private HttpServer server;
    private ExecutorService executor;

    /** Keeps objects in memory only. */
    public GcsEmulator() {
        this(null);
    }

    /** Also writes every finished object to {@code directory/<bucket>/<name>}. */
    public GcsEmulator(Path directory) {
        this.directory = directory;
    }

    public GcsEmulator start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A real google-cloud-storage client for this emulator, with short, bounded retries. */
    public Storage client() {
        return StorageOptions.http()
                .setHost(endpoint())
                .setProjectId("fleetml-test")
                .setCredentials(NoCredentials.getInstance())
                .setRetrySettings(RetrySettings.newBuilder()
                        .setMaxAttempts(5)
                        .setInitialRetryDelayDuration(Duration.ofMillis(20))
                        .setMaxRetryDelayDuration(Duration.ofMillis(200))
                        .setRetryDelayMultiplier(2.0)
                        .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
                        .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
                        .setTotalTimeoutDuration(Duration.ofSeconds(30))
                        .build())
                .build()
                .getService();
    }

    public void createBucket(String name) {
        buckets.putIfAbsent(name, new ConcurrentSkipListMap<>());
    }

    /** The finished objects of a bucket by name, as stored. */
    public Map<String, byte[]> objects(String bucket) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        bucket(bucket).forEach((name, object) -> out.put(name, object.data()));
        return out;
    }

    /**
     * The next {@code count} requests matching {@code filter} get HTTP {@code status}. Filters see
     * "METHOD /path?query", followed by " Content-Range: bytes a-b/total" for a chunk of a resumable upload.
     */
    public void failNext(int count, int status, Predicate<String> filter) {
        faults.set(FaultPlan.Kind.STATUS, count, status, Duration.ZERO, filter);
    }

    /**
     * The next {@code count} matching requests get HTTP {@code status} with error reason {@code reason}, e.g. a 412
     * that is not GCS's {@code conditionNotMet}.
     */
    public void failNext(int count, int status, String reason, Predicate<String> filter) {
        faults.set(FaultPlan.Kind.STATUS, count, status, reason, Duration.ZERO, filter);
    }

    /** The next {@code count} matching requests have their connection closed without an answer. */
    public void dropNextConnections(int count, Predicate<String> filter) {
        faults.set(FaultPlan.Kind.DROP, count, 0, Duration.ZERO, filter);
    }

    /** The next {@code count} matching requests are answered only after {@code delay}. */
    public void delayNext(int count, Duration delay, Predicate<String> filter) {
        faults.set(FaultPlan.Kind.DELAY, count, 0, delay, filter);
    }

    /**
     * The next {@code count} matching requests are served, so an upload stores its object, and then their connection
     * is closed without an answer: the client cannot tell a lost commit from a lost request.
     */
    public void commitThenDropNext(int count, Predicate<String> filter) {
        faults.set(FaultPlan.Kind.COMMIT_THEN_DROP, count, 0, Duration.ZERO, filter);
    }

    /** The next {@code count} matching requests are served, and then answered with HTTP {@code status} instead. */
    public void commitThenFailNext(int count, int status, Predicate<String> filter) {
        faults.set(FaultPlan.Kind.COMMIT_THEN_STATUS, count, status, Duration.ZERO, filter);
    }

    /**
     * The next {@code count} matching requests have only their first {@code keptBytes} body bytes served (a resumable
     * chunk is saved that far), and are then answered with HTTP {@code status}.
     */
    public void saveInPartThenFailNext(int count, int keptBytes, int status, Predicate<String> filter) {
        faults.set(FaultPlan.Kind.PARTIAL_THEN_STATUS, count, status, null, Duration.ZERO, keptBytes, filter);
    }

    /** How long a resumable session accepts chunks after it started; GCS keeps them a week. */
    public void sessionLifetime(Duration lifetime) {
        sessionLifetime = lifetime;
    }

    /** While {@code denied}, reading an object (metadata or media) answers 403 {@code forbidden}; writing still works. */
    public void denyObjectReads(boolean denied) {
        objectReadsDenied = denied;
    }

    /**
     * storage-testbench's Retry Test for one JSON-API {@code method}: {@code instructions} strike, in order, the
     * requests of that method each applies to, in the testbench's words. Replaces the method's earlier instructions;
     * an unknown method or instruction is an {@link IllegalArgumentException} naming it. See {@link GcsEmulator} for
     * what each instruction does.
     */
    public void retryTest(String method, String... instructions) {
        List<FaultPlan.Step> steps = new ArrayList<>();
        for (String instruction : instructions) {
            steps.add(TestbenchInstructions.step(method, instruction));
        }
        faults.script(method, steps);
    }

    /** The instructions of {@code method}'s retry test that no request has met yet, in order. */
    public List<String> retryTestPending(String method) {
        return faults.pending(method);
    }

    /** Drops the faults not yet met, retry tests included, so they cannot reach a later test's requests. */
    public void clearFaults() {
        faults.clear();
    }

    /** How many requests of a kind were served: insert, chunk, get, download, list, delete, fault. */
    public long count(String kind) {
        AtomicLong counter = counters.get(kind);
        return counter == null ? 0 : counter.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String contentRange = exchange.getRequestHeaders().getFirst("Content-Range");
            String request = exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query)
                    + (contentRange == null ? "" : " Content-Range: " + contentRange);
            FaultPlan.Fault fault = faults.take(request);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            if (fault != null) {
                served("fault");
                switch (fault.kind()) {
                    case DROP -> {
                        return;
                    }
                    case STATUS -> {
                        error(exchange, fault.status(), fault.reason() == null ? reason(fault.status()) : fault.reason(),
                                "injected failure");
                        return;
                    }
                    case DELAY -> pause(fault.delay());
                    case COMMIT_THEN_BREAK, COMMIT_THEN_SHORTEN -> {
                        answerFault.set(fault);
                        try {
                            route(exchange, exchange.getRequestMethod(), path, params(query), body);
                        } finally {
                            answerFault.remove();
                        }
                        return;
                    }
                    case COMMIT_THEN_DROP, COMMIT_THEN_STATUS, PARTIAL_THEN_STATUS -> {
                        keptBytes.set(fault.kind() == FaultPlan.Kind.PARTIAL_THEN_STATUS ? fault.keptBytes() : -1);
                        serveWithoutAnswer(exchange, path, query, body);
                        if (fault.kind() != FaultPlan.Kind.COMMIT_THEN_DROP) {
                            error(exchange, fault.status(), "injected failure after the request took effect");
                        }
                        return;
                    }
                }
            }
            route(exchange, exchange.getRequestMethod(), path, params(query), body);
        } catch (AnswerBroken e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            error(exchange, 500, e.toString());
        }
    }

    private void serveWithoutAnswer(HttpExchange exchange, String path, String query, byte[] body) throws IOException {
        answerLost.set(true);
        try {
            route(exchange, exchange.getRequestMethod(), path, params(query), body);
        } finally {
            answerLost.set(false);
            keptBytes.set(-1);
            exchange.getResponseHeaders().clear();
        }
    }

    private void route(HttpExchange exchange, String method, String path, Map<String, String> params, byte[] body) throws IOException {
        String[] parts = path.split("/");
        boolean upload = path.startsWith("/upload/storage/v1/b/");
        boolean download = path.startsWith("/download/storage/v1/b/");
        int at = upload || download ? 5 : 4;
        if (!upload && !download && !path.startsWith("/storage/v1/b/")) {
            error(exchange, 404, "unknown path " + path);
            return;
        }
        String bucket = parts.length > at ? decode(parts[at]) : "";
        if (!buckets.containsKey(bucket)) {
            error(exchange, 404, "bucket " + bucket + " not found");
            return;
        }
        boolean objectCollection = parts.length == at + 2 && "o".equals(parts[at + 1]);
        String objectName = parts.length > at + 2 ? decode(String.join("/", List.of(parts).subList(at + 2, parts.length))) : null;
        if (upload && "POST".equals(method) && objectCollection) {
            startUpload(exchange, bucket, params, body);
        } else if (upload && "PUT".equals(method) && params.containsKey("upload_id")) {
            continueUpload(exchange, params.get("upload_id"), body);
        } else if (parts.length == at + 1 && "GET".equals(method)) {
            served("get");
            ObjectNode node = JSON.createObjectNode().put("kind", "storage#bucket").put("name", bucket).put("id", bucket)
                    .put("location", "US").put("storageClass", "STANDARD").put("metageneration", "1");
            json(exchange, 200, node);
        } else if (objectCollection && "GET".equals(method)) {
            list(exchange, bucket, params);
        } else if (objectName != null && "GET".equals(method)) {
            get(exchange, bucket, objectName, params, download || "media".equals(params.get("alt")));
        } else if (objectName != null && "DELETE".equals(method)) {
            delete(exchange, bucket, objectName, params);
        } else {
            error(exchange, 400, "unsupported request " + method + " " + path);
        }
    }

    private void startUpload(HttpExchange exchange, String bucket, Map<String, String> params, byte[] body) throws IOException {
        String type = params.getOrDefault("uploadType", "media");
        served("insert");
        switch (type) {
            case "resumable" -> {
                JsonNode metadata = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                String name = params.getOrDefault("name", metadata.path("name").asText());
                String id = UUID.randomUUID().toString();
                sessions.put(id, new ResumableSession(bucket, name, metadata, params));
                exchange.getResponseHeaders().add("Location", endpoint() + "/upload/storage/v1/b/" + encode(bucket)
                        + "/o?uploadType=resumable&upload_id=" + id);
                send(exchange, 200, new byte[0], null);
            }
            case "multipart" -> {
                Multipart multipart = Multipart.parse(exchange.getRequestHeaders().getFirst("Content-Type"), body);
                JsonNode metadata = JSON.readTree(multipart.metadata());
                String mismatch = checksumMismatch(metadata.path("crc32c").asText(null), multipart.content());
                if (mismatch != null) {
                    error(exchange, 400, "invalid", mismatch);
                    return;
                }
                finish(exchange, bucket, params.getOrDefault("name", metadata.path("name").asText()), metadata, multipart.content(), params);
            }
            default -> finish(exchange, bucket, params.get("name"), JSON.createObjectNode()
                    .put("contentType", exchange.getRequestHeaders().getFirst("Content-Type")), body, params);
        }
    }

    private void continueUpload(HttpExchange exchange, String id, byte[] body) throws IOException {
        ResumableSession session = sessions.get(id);
        if (session == null) {
            StoredObject created = finishedSessions.get(id);
            if (created == null) {
                error(exchange, 404, "no upload session " + id);
            } else {
                served("chunk");
                json(exchange, 200, resource(created));
            }
            return;
        }
        served("chunk");
        if (Instant.now().isAfter(session.started.plus(sessionLifetime))) {
            sessions.remove(id);
            error(exchange, 410, "gone", "upload session " + id + " expired");
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        ContentRange contentRange = ContentRange.parse(range, body.length);
        long end = contentRange.first() + body.length;
        if (contentRange.first() >= 0 && body.length > 0 && (contentRange.total() < 0 || end < contentRange.total())
                && end % GRANULE != 0) {
            error(exchange, 400, "invalid", "a chunk that does not finish the upload must end on a multiple of " + GRANULE
                    + " bytes, this one ends at " + end);
            return;
        }
        if (keptBytes.get() >= 0) {
            body = java.util.Arrays.copyOf(body, Math.min(body.length, keptBytes.get()));
        }
        synchronized (session) {
            if (contentRange.first() >= 0) {
                if (contentRange.first() > session.data.size()) {
                    error(exchange, 400, "chunk starts at " + contentRange.first() + " but " + session.data.size() + " bytes were received");
                    return;
                }
                int skip = (int) (session.data.size() - contentRange.first());
                if (skip < body.length) {
                    session.data.write(body, skip, body.length - skip);
                }
            }
            if (contentRange.total() >= 0 && session.data.size() >= contentRange.total()) {
                sessions.remove(id);
                String mismatch = checksumMismatch(hashHeader(exchange), session.data.toByteArray());
                if (mismatch != null) {
                    error(exchange, 400, "invalid", mismatch);
                    return;
                }
                StoredObject created = finish(exchange, session.bucket, session.name, session.metadata, session.data.toByteArray(),
                        session.params);
                if (created != null) {
                    finishedSessions.put(id, created);
                }
                return;
            }
            if (session.data.size() > 0) {
                exchange.getResponseHeaders().add("Range", "bytes=0-" + (session.data.size() - 1));
            }
            send(exchange, 308, new byte[0], null);
        }
    }

    /** Stores the object unless a precondition fails; returns it, or null when the answer was an error. */
    private StoredObject finish(HttpExchange exchange, String bucket, String name, JsonNode metadata, byte[] data,
                                Map<String, String> params) throws IOException {
        NavigableMap<String, StoredObject> objects = bucket(bucket);
        StoredObject stored;
        synchronized (objects) {
            StoredObject existing = objects.get(name);
            String failed = precondition(existing, params);
            if (failed != null) {
                error(exchange, PRECONDITION_FAILED, failed);
                return null;
            }
            Map<String, String> custom = new HashMap<>();
            metadata.path("metadata").properties().forEach(e -> custom.put(e.getKey(), e.getValue().asText()));
            String contentType = metadata.path("contentType").asText("application/octet-stream");
            stored = new StoredObject(bucket, name, data, generations.incrementAndGet(), 1, contentType, Map.copyOf(custom), Instant.now());
            objects.put(name, stored);
        }
        persist(stored);
        json(exchange, 200, resource(stored));
        return stored;
    }

    private void get(HttpExchange exchange, String bucket, String name, Map<String, String> params, boolean media) throws IOException {
        if (objectReadsDenied) {
            error(exchange, 403, "the caller does not have storage.objects.get access to " + bucket + "/" + name);
            return;
        }
        StoredObject object = bucket(bucket).get(name);
        if (object == null) {
            error(exchange, 404, "object " + name + " not found");
            return;
        }
        String failed = precondition(object, params);
        if (failed != null) {
            error(exchange, PRECONDITION_FAILED, failed);
            return;
        }
        if (!media) {
            served("get");
            json(exchange, 200, resource(object));
            return;
        }
        served("download");
        byte[] data = object.data();
        exchange.getResponseHeaders().add("x-goog-generation", Long.toString(object.generation()));
        exchange.getResponseHeaders().add("x-goog-hash", "crc32c=" + crc32c(data) + ",md5=" + md5(data));
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=")) {
            String[] bounds = range.substring(6).split("-", -1);
            int first = Integer.parseInt(bounds[0]);
            int last = bounds.length > 1 && !bounds[1].isEmpty() ? Math.min(Integer.parseInt(bounds[1]), data.length - 1) : data.length - 1;
            if (first >= data.length) {
                send(exchange, 416, new byte[0], null);
                return;
            }
            exchange.getResponseHeaders().add("Content-Range", "bytes " + first + "-" + last + "/" + data.length);
            byte[] slice = java.util.Arrays.copyOfRange(data, first, last + 1);
            send(exchange, 206, slice, object.contentType());
            return;
        }
        send(exchange, 200, data, object.contentType());
    }

    private void list(HttpExchange exchange, String bucket, Map<String, String> params) throws IOException {
        served("list");
        String prefix = params.getOrDefault("prefix", "");
        String delimiter = params.get("delimiter");
        int max = Integer.parseInt(params.getOrDefault("maxResults", "1000"));
        String after = params.get("pageToken");
        ArrayNode items = JSON.createArrayNode();
        java.util.TreeSet<String> prefixes = new java.util.TreeSet<>();
        String last = null;
        boolean more = false;
        NavigableMap<String, StoredObject> view = after == null ? bucket(bucket) : bucket(bucket).tailMap(decodeToken(after), false);
        for (StoredObject object : view.values()) {
            if (!object.name().startsWith(prefix)) {
                if (object.name().compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            if (items.size() + prefixes.size() >= max) {
                more = true;
                break;
            }
            int cut = delimiter == null ? -1 : object.name().indexOf(delimiter, prefix.length());
            if (cut >= 0) {
                prefixes.add(object.name().substring(0, cut + delimiter.length()));
            } else {
                items.add(resource(object));
            }
            last = object.name();
        }
        ObjectNode node = JSON.createObjectNode().put("kind", "storage#objects");
        node.set("items", items);
        if (!prefixes.isEmpty()) {
            ArrayNode p = node.putArray("prefixes");
            prefixes.forEach(p::add);
        }
        if (more && last != null) {
            node.put("nextPageToken", Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        json(exchange, 200, node);
    }

    private void delete(HttpExchange exchange, String bucket, String name, Map<String, String> params) throws IOException {
        served("delete");
        NavigableMap<String, StoredObject> objects = bucket(bucket);
        synchronized (objects) {
            StoredObject existing = objects.get(name);
            if (existing == null) {
                error(exchange, 404, "object " + name + " not found");
                return;
            }
            String failed = precondition(existing, params);
            if (failed != null) {
                error(exchange, PRECONDITION_FAILED, failed);
                return;
            }
            objects.remove(name);
        }
        send(exchange, 204, new byte[0], null);
    }

    private static String precondition(StoredObject existing, Map<String, String> params) {
        String match = params.get("ifGenerationMatch");
        if (match != null) {
            long expected = Long.parseLong(match);
            long actual = existing == null ? 0 : existing.generation();
            if (expected != actual) {
                return "ifGenerationMatch=" + expected + " but the generation is " + actual;
            }
        }
        String notMatch = params.get("ifGenerationNotMatch");
        if (notMatch != null && existing != null && Long.parseLong(notMatch) == existing.generation()) {
            return "ifGenerationNotMatch=" + notMatch;
        }
        String metaMatch = params.get("ifMetagenerationMatch");
        if (metaMatch != null && (existing == null || Long.parseLong(metaMatch) != existing.metageneration())) {
            return "ifMetagenerationMatch=" + metaMatch;
        }
        return null;
    }

    private ObjectNode resource(StoredObject object) {
        ObjectNode node = JSON.createObjectNode()
                .put("kind", "storage#object")
                .put("id", object.bucket() + "/" + object.name() + "/" + object.generation())
                .put("selfLink", endpoint() + "/storage/v1/b/" + encode(object.bucket()) + "/o/" + encode(object.name()))
                .put("name", object.name())
                .put("bucket", object.bucket())
                .put("generation", Long.toString(object.generation()))
                .put("metageneration", Long.toString(object.metageneration()))
                .put("contentType", object.contentType())
                .put("storageClass", "STANDARD")
                .put("size", Integer.toString(object.data().length))
                .put("md5Hash", md5(object.data()))
                .put("crc32c", crc32c(object.data()))
                .put("etag", Long.toString(object.generation()))
                .put("timeCreated", object.created().toString())
                .put("updated", object.created().toString());
        if (!object.metadata().isEmpty()) {
            ObjectNode metadata = node.putObject("metadata");
            object.metadata().forEach(metadata::put);
        }
        return node;
    }

    private void persist(StoredObject object) {
        if (directory == null) {
            return;
        }
        try {
            Path file = directory.resolve(object.bucket()).resolve(object.name()).normalize();
            if (!file.startsWith(directory)) {
                throw new IOException("object name escapes the emulator directory: " + object.name());
            }
            Files.createDirectories(file.getParent());
            Files.write(file, object.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private NavigableMap<String, StoredObject> bucket(String name) {
        NavigableMap<String, StoredObject> objects = buckets.get(name);
        if (objects == null) {
            throw new IllegalArgumentException("no bucket " + name);
        }
        return objects;
    }

    private void served(String kind) {
        counters.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    static String crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static String md5(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void json(HttpExchange exchange, int status, JsonNode node) throws IOException {
        send(exchange, status, JSON.writeValueAsBytes(node), "application/json; charset=UTF-8");
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        error(exchange, status, reason(status), message);
    }

    private void error(HttpExchange exchange, int status, String reason, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("code", status).put("message", message);
        error.putArray("errors").addObject().put("message", message).put("domain", "global")
                .put("reason", reason);
        json(exchange, status, root);
    }

    /** The crc32c of an {@code X-Goog-Hash: crc32c=...,md5=...} header, or null. */
    private static String hashHeader(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("X-Goog-Hash");
        if (header == null) {
            return null;
        }
        for (String part : header.split(",")) {
            if (part.trim().startsWith("crc32c=")) {
                return part.trim().substring("crc32c=".length());
            }
        }
        return null;
    }

    private static String checksumMismatch(String expectedCrc32c, byte[] data) {
        if (expectedCrc32c == null || expectedCrc32c.equals(crc32c(data))) {
            return null;
        }
        return "Provided CRC32C \"" + expectedCrc32c + "\" doesn't match calculated CRC32C \"" + crc32c(data) + "\".";
    }

    private static String reason(int status) {
        return switch (status) {
            case PRECONDITION_FAILED -> "conditionNotMet";
            case 403 -> "forbidden";
            case 404 -> "notFound";
            default -> "backendError";
        };
    }

    /**
     * Sends nothing while a request is served whose answer a fault loses, and only a part of the answer a fault breaks
     * or shortens.
     */
    private void send(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        if (answerLost.get()) {
            return;
        }
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        FaultPlan.Fault fault = answerFault.get();
        if (fault != null && fault.kind() == FaultPlan.Kind.COMMIT_THEN_SHORTEN) {
            body = java.util.Arrays.copyOf(body, Math.min(fault.keptBytes(), body.length));
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (fault != null && fault.kind() == FaultPlan.Kind.COMMIT_THEN_BREAK) {
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, Math.min(fault.keptBytes(), body.length));
            out.flush();
            throw new AnswerBroken();
        }
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    private static String decodeToken(String token) {
        return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Thrown out of the handler once part of an answer is sent, so that the HTTP server closes the connection under it
     * instead of answering again.
     */
    private static final class AnswerBroken extends IOException {
        AnswerBroken() {
            super("injected broken stream");
        }
    }

    /** An upload in progress: only finished sessions become objects. */
    private static final class ResumableSession {
        final String bucket;
        final String name;
        final JsonNode metadata;
        final Map<String, String> params;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Instant started = Instant.now();

        ResumableSession(String bucket, String name, JsonNode metadata, Map<String, String> params) {
            this.bucket = bucket;
            this.name = name;
            this.metadata = metadata;
            this.params = params;
        }
    }

    /** {@code Content-Range: bytes a-b/total}, {@code bytes a-b/*}, {@code bytes *}{@code /total} or {@code bytes *}{@code /*}. */
    record ContentRange(long first, long total) {
        static ContentRange parse(String header, int bodyLength) {
            if (header == null) {
                return new ContentRange(0, bodyLength);
            }
            String spec = header.trim().substring("bytes ".length());
            int slash = spec.indexOf('/');
            String range = spec.substring(0, slash);
            String total = spec.substring(slash + 1);
            long first = "*".equals(range) ? -1 : Long.parseLong(range.substring(0, range.indexOf('-')));
            return new ContentRange(first, "*".equals(total) ? -1 : Long.parseLong(total));
        }
    }

    /** The two parts of a multipart/related upload: JSON metadata, then the content. */
    record Multipart(byte[] metadata, byte[] content) {
        static Multipart parse(String contentType, byte[] body) {
            String boundary = contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "").trim();
            byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int first = indexOf(body, delimiter, 0);
            int second = indexOf(body, delimiter, first + delimiter.length);
            int third = indexOf(body, delimiter, second + delimiter.length);
            return new Multipart(partBody(body, first + delimiter.length, second), partBody(body, second + delimiter.length, third));
        }

        private static byte[] partBody(byte[] body, int start, int end) {
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int contentEnd = end - 2;
            return java.util.Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, contentEnd));
        }

        private static int indexOf(byte[] data, byte[] pattern, int from) {
            outer:
            for (int i = from; i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            throw new IllegalArgumentException("malformed multipart body");
        }
    }
}
