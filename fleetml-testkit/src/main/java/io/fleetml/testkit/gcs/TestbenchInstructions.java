package io.fleetml.testkit.gcs;

import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * storage-testbench's retry-test instructions (its README, "Retry Test API" / "Forced Failures Supported") as
 * {@link FaultPlan} steps, for the JSON-API methods this emulator serves. As in the testbench, every request that
 * creates an object is {@code storage.objects.insert}: a single-shot upload, the start of a resumable session and each
 * of its chunk {@code PUT}s; an instruction that does not apply to a request leaves it alone and waits for one it
 * applies to.
 */
final class TestbenchInstructions {
    static final String INSERT = "storage.objects.insert";
    static final String GET = "storage.objects.get";

    /** How much of an answer {@code return-broken-stream} sends: the testbench sends "a few" bytes. */
    private static final int FEW_BYTES = 4;
    private static final Pattern STATUS = Pattern.compile("return-(\\d{3})");
    private static final Pattern STATUS_AFTER = Pattern.compile("return-(\\d{3})-after-(\\d+)K");
    private static final Pattern BROKEN_AFTER = Pattern.compile("return-broken-stream-after-(\\d+)K");
    private static final Pattern BROKEN_FINAL_CHUNK = Pattern.compile("return-broken-stream-final-chunk-after-(\\d+)B");
    private static final Pattern CHUNK = Pattern.compile(" Content-Range: bytes (\\d+)-(\\d+)/(\\d+|\\*)$");
    private static final Map<String, Predicate<String>> METHODS = Map.of(
            INSERT, request -> request.startsWith("POST /upload/storage/v1/b/") && path(request).endsWith("/o")
                    || request.startsWith("PUT /upload/storage/v1/b/") && request.contains("upload_id="),
            GET, request -> request.startsWith("GET /download/storage/v1/b/")
                    || request.startsWith("GET /storage/v1/b/") && path(request).contains("/o/"),
            "storage.objects.list", request -> request.startsWith("GET /storage/v1/b/") && path(request).endsWith("/o"),
            "storage.objects.delete", request -> request.startsWith("DELETE /storage/v1/b/") && path(request).contains("/o/"));

    private TestbenchInstructions() {
    }

    /** The step {@code instruction} makes for requests of {@code method}; unknown ones are refused by name. */
    static FaultPlan.Step step(String method, String instruction) {
        Predicate<String> ofMethod = METHODS.get(method);
        if (ofMethod == null) {
            throw new IllegalArgumentException("unsupported retry-test method " + method + ", expected one of "
                    + new TreeSet<>(METHODS.keySet()));
        }
        Function<String, FaultPlan.Fault> fault = fault(method, instruction);
        return new FaultPlan.Step(instruction, request -> ofMethod.test(request) ? fault.apply(request) : null);
    }

    private static Function<String, FaultPlan.Fault> fault(String method, String instruction) {
        Matcher m;
        if ((m = STATUS.matcher(instruction)).matches()) {
            FaultPlan.Fault fault = fault(FaultPlan.Kind.STATUS, Integer.parseInt(m.group(1)), 0);
            return request -> fault;
        }
        if ("return-reset-connection".equals(instruction)) {
            FaultPlan.Fault fault = fault(FaultPlan.Kind.DROP, 0, 0);
            return request -> fault;
        }
        if ("return-broken-stream".equals(instruction)) {
            FaultPlan.Fault fault = fault(FaultPlan.Kind.COMMIT_THEN_BREAK, 0, FEW_BYTES);
            return request -> fault;
        }
        if ((m = BROKEN_AFTER.matcher(instruction)).matches() && GET.equals(method)) {
            FaultPlan.Fault fault = fault(FaultPlan.Kind.COMMIT_THEN_BREAK, 0, kibibytes(m.group(1), instruction));
            return request -> fault;
        }
        if ((m = STATUS_AFTER.matcher(instruction)).matches() && INSERT.equals(method)) {
            int status = Integer.parseInt(m.group(1));
            long offset = (long) kibibytes(m.group(2), instruction);
            return request -> savedUpTo(request, status, offset);
        }
        if ((m = BROKEN_FINAL_CHUNK.matcher(instruction)).matches() && INSERT.equals(method)) {
            FaultPlan.Fault fault = fault(FaultPlan.Kind.COMMIT_THEN_SHORTEN, 0, Integer.parseInt(m.group(1)));
            return request -> finalChunk(request) ? fault : null;
        }
        throw new IllegalArgumentException("unknown storage-testbench instruction for " + method + ": " + instruction);
    }

    /**
     * A chunk reaching {@code offset} of its upload is saved up to that offset and answered {@code status}; a chunk
     * ending before it passes. Single-shot uploads have no offsets to fail at, as in the testbench.
     */
    private static FaultPlan.Fault savedUpTo(String request, int status, long offset) {
        Matcher chunk = CHUNK.matcher(request);
        if (!chunk.find() || Long.parseLong(chunk.group(2)) + 1 < offset) {
            return null;
        }
        long kept = Math.max(0, offset - Long.parseLong(chunk.group(1)));
        return fault(FaultPlan.Kind.PARTIAL_THEN_STATUS, status, (int) kept);
    }

    /** A chunk whose last byte is the upload's last: the request that creates the object. */
    private static boolean finalChunk(String request) {
        Matcher chunk = CHUNK.matcher(request);
        return chunk.find() && !"*".equals(chunk.group(3)) && Long.parseLong(chunk.group(2)) + 1 == Long.parseLong(chunk.group(3));
    }

    private static int kibibytes(String count, String instruction) {
        long bytes = Long.parseLong(count) * 1024;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many KiB in storage-testbench instruction " + instruction);
        }
        return (int) bytes;
    }

    private static FaultPlan.Fault fault(FaultPlan.Kind kind, int status, int bytes) {
        return new FaultPlan.Fault(kind, status, null, Duration.ZERO, bytes);
    }

    private static String path(String request) {
        int space = request.indexOf(' ');
        int end = request.indexOf('?');
        int rangeAt = request.indexOf(' ', space + 1);
        int stop = end >= 0 ? end : rangeAt >= 0 ? rangeAt : request.length();
        return request.substring(space + 1, stop);
    }
}
