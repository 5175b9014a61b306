package io.fleetml.testkit.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real google-cloud-storage client against the emulator, including the failures the emulator injects. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GcsEmulatorTest {
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    private GcsEmulator emulator;
    private Storage storage;

    @BeforeEach
    void start() {
        emulator = new GcsEmulator().start();
        emulator.createBucket("fleet");
        storage = emulator.client();
    }

    @AfterEach
    void stop() throws Exception {
        storage.close();
        emulator.close();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void bucketExistsAndMissingBucketIsNull() {
        assertEquals("fleet", storage.get("fleet").getName());
        assertNull(storage.get("absent"));
    }

    @Test
    void smallObjectRoundTripWithMetadata() {
        BlobInfo info = BlobInfo.newBuilder("fleet", "topics/t/partition=0/t+0+00000000000000000000.jsonl")
                .setContentType("application/x-ndjson").setMetadata(Map.of("fleetml-start-offset", "0")).build();
        storage.create(info, "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), Storage.BlobTargetOption.doesNotExist());
        Blob blob = storage.get(info.getBlobId());
        assertEquals(8, blob.getSize());
        assertEquals("0", blob.getMetadata().get("fleetml-start-offset"));
        assertEquals("application/x-ndjson", blob.getContentType());
        assertArrayEquals("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), storage.readAllBytes(info.getBlobId()));
    }

    @Test
    void resumableUploadInSeveralChunksIsByteExactAndInvisibleUntilFinished() throws Exception {
        byte[] data = randomBytes(1_100_000);
        BlobInfo info = BlobInfo.newBuilder("fleet", "big/object+1.parquet").build();
        try (WriteChannel writer = storage.writer(info, Storage.BlobWriteOption.doesNotExist())) {
            writer.setChunkSize(256 * 1024);
            writer.write(ByteBuffer.wrap(data, 0, 600_000));
            assertNull(storage.get(info.getBlobId()), "not visible before the upload completes");
            writer.write(ByteBuffer.wrap(data, 600_000, data.length - 600_000));
        }
        assertArrayEquals(data, storage.readAllBytes(info.getBlobId()));
        assertTrue(emulator.count("chunk") >= 4, "chunks: " + emulator.count("chunk"));
    }

    @Test
    void doesNotExistPreconditionGives412AndKeepsTheFirstObject() {
        BlobInfo info = BlobInfo.newBuilder("fleet", "once").build();
        storage.create(info, new byte[] {1}, Storage.BlobTargetOption.doesNotExist());
        StorageException e = assertThrows(StorageException.class,
                () -> storage.create(info, new byte[] {2}, Storage.BlobTargetOption.doesNotExist()));
        assertEquals(412, e.getCode());
        assertArrayEquals(new byte[] {1}, storage.readAllBytes(info.getBlobId()));
    }

    @Test
    void resumableUploadChecksThePreconditionWhenFinishing() {
        BlobInfo info = BlobInfo.newBuilder("fleet", "once-big").build();
        storage.create(info, new byte[] {1}, Storage.BlobTargetOption.doesNotExist());
        Exception e = assertThrows(Exception.class, () -> {
            try (WriteChannel writer = storage.writer(info, Storage.BlobWriteOption.doesNotExist())) {
                writer.setChunkSize(256 * 1024);
                writer.write(ByteBuffer.wrap(randomBytes(600_000)));
            }
        });
        assertTrue(causeCode(e) == 412, "expected 412 in " + e);
        assertArrayEquals(new byte[] {1}, storage.readAllBytes(info.getBlobId()));
    }

    @Test
    void listingWithPrefixPagesThroughEveryObject() {
        for (int i = 0; i < 7; i++) {
            storage.create(BlobInfo.newBuilder("fleet", "topics/t/p/" + i).build(), new byte[] {(byte) i});
        }
        storage.create(BlobInfo.newBuilder("fleet", "other/x").build(), new byte[] {9});
        List<String> names = new ArrayList<>();
        storage.list("fleet", Storage.BlobListOption.prefix("topics/"), Storage.BlobListOption.pageSize(2))
                .iterateAll().forEach(blob -> names.add(blob.getName()));
        assertEquals(List.of("topics/t/p/0", "topics/t/p/1", "topics/t/p/2", "topics/t/p/3", "topics/t/p/4", "topics/t/p/5", "topics/t/p/6"), names);
        assertTrue(emulator.count("list") >= 4, "pages: " + emulator.count("list"));
    }

    @Test
    void deleteRemovesTheObject() {
        BlobId id = BlobId.of("fleet", "gone");
        storage.create(BlobInfo.newBuilder(id).build(), new byte[] {1});
        assertTrue(storage.delete(id));
        assertNull(storage.get(id));
    }

    @Test
    void injected503IsRetriedByTheClientAndPersistentOnesSurface() {
        emulator.failNext(1, 503, request -> request.startsWith("POST /upload"));
        storage.create(BlobInfo.newBuilder("fleet", "retried").build(), new byte[] {7}, Storage.BlobTargetOption.doesNotExist());
        assertArrayEquals(new byte[] {7}, storage.readAllBytes(BlobId.of("fleet", "retried")));
        assertEquals(1, emulator.count("fault"));

        emulator.failNext(100, 503, request -> request.startsWith("POST /upload"));
        StorageException e = assertThrows(StorageException.class,
                () -> storage.create(BlobInfo.newBuilder("fleet", "never").build(), new byte[] {7}, Storage.BlobTargetOption.doesNotExist()));
        assertEquals(503, e.getCode());
    }

    @Test
    void droppedConnectionIsRetried() {
        emulator.dropNextConnections(1, request -> request.startsWith("POST /upload"));
        storage.create(BlobInfo.newBuilder("fleet", "after-drop").build(), new byte[] {3}, Storage.BlobTargetOption.doesNotExist());
        assertArrayEquals(new byte[] {3}, storage.readAllBytes(BlobId.of("fleet", "after-drop")));
        assertEquals(1, emulator.count("fault"));
    }

    @Test
    void aCreateStoredWhileItsConnectionDroppedMeetsItsOwnObjectOnRetry() {
        emulator.commitThenDropNext(1, request -> request.startsWith("POST /upload"));
        StorageException e = assertThrows(StorageException.class, () -> storage.create(
                BlobInfo.newBuilder("fleet", "kept").build(), new byte[] {5}, Storage.BlobTargetOption.doesNotExist()));
        assertEquals(412, e.getCode());
        assertEquals("conditionNotMet", e.getReason());
        assertArrayEquals(new byte[] {5}, storage.readAllBytes(BlobId.of("fleet", "kept")));
    }

    @Test
    void aCreateStoredWhileA503CameBackIsStored() {
        emulator.commitThenFailNext(1, 503, request -> request.startsWith("POST /upload"));
        StorageException e = assertThrows(StorageException.class, () -> storage.create(
                BlobInfo.newBuilder("fleet", "kept").build(), new byte[] {6}, Storage.BlobTargetOption.doesNotExist()));
        assertEquals(412, e.getCode());
        assertArrayEquals(new byte[] {6}, storage.readAllBytes(BlobId.of("fleet", "kept")));
        assertEquals(1, emulator.count("fault"));
    }

    @Test
    void aFinishedResumableSessionAnswersWithItsObjectAfterTheFinalAnswerWasLost() throws Exception {
        byte[] data = randomBytes(600 * 1024);
        int[] chunks = {0};
        // 256 KiB, 256 KiB, then the final 88 KiB: the third chunk request finishes the upload.
        emulator.commitThenDropNext(1, request -> request.startsWith("PUT /upload") && ++chunks[0] == 3);
        try (WriteChannel writer = storage.writer(BlobInfo.newBuilder("fleet", "large").build(), Storage.BlobWriteOption.doesNotExist())) {
            writer.setChunkSize(256 * 1024);
            writer.write(ByteBuffer.wrap(data));
        }
        assertArrayEquals(data, storage.readAllBytes(BlobId.of("fleet", "large")));
        assertEquals(1, emulator.count("fault"));
    }

    @Test
    void deniedObjectReadsAnswer403WhileWritesWork() {
        emulator.denyObjectReads(true);
        storage.create(BlobInfo.newBuilder("fleet", "written").build(), new byte[] {1});
        StorageException e = assertThrows(StorageException.class, () -> storage.get(BlobId.of("fleet", "written")));
        assertEquals(403, e.getCode());
        assertEquals("forbidden", e.getReason());
        emulator.denyObjectReads(false);
        assertEquals(1, storage.get(BlobId.of("fleet", "written")).getSize());
    }

    @Test
    void anInjectedFailureCarriesTheGivenReason() {
        emulator.failNext(1, 412, "invalid", request -> request.startsWith("POST /upload"));
        StorageException e = assertThrows(StorageException.class, () -> storage.create(
                BlobInfo.newBuilder("fleet", "x").build(), new byte[] {1}, Storage.BlobTargetOption.doesNotExist()));
        assertEquals(412, e.getCode());
        assertEquals("invalid", e.getReason());
    }

    /** Starts a resumable session over plain HTTP, as a client of any language would; returns its location. */
    private java.net.URI session(String name) throws Exception {
        java.net.http.HttpResponse<Void> start = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                emulator.endpoint() + "/upload/storage/v1/b/fleet/o?uploadType=resumable&name=" + name))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        return java.net.URI.create(start.headers().firstValue("Location").orElseThrow());
    }

    /** Sends one request of a resumable upload: a chunk, or a status query with an empty body and range "bytes *{@literal /}*". */
    private java.net.http.HttpResponse<String> put(java.net.URI session, String range, byte[] data, String hash) throws Exception {
        java.net.http.HttpRequest.Builder put = java.net.http.HttpRequest.newBuilder(session)
                .header("Content-Range", range).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(data));
        if (hash != null) {
            put.header("X-Goog-Hash", hash);
        }
        return HTTP.send(put.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Starts a resumable session and sends one chunk. */
    private java.net.http.HttpResponse<String> chunk(String name, String range, byte[] data, String hash) throws Exception {
        return put(session(name), range, data, hash);
    }

    @Test
    void aFinalChunkWhoseCrc32cDoesNotMatchIsRefusedAsInvalid() throws Exception {
        java.net.http.HttpResponse<String> refused = chunk("checked", "bytes 0-2/3", new byte[] {1, 2, 3}, "crc32c=AAAAAA==");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("invalid"), refused.body());
        assertNull(storage.get(BlobId.of("fleet", "checked")));

        String right = "crc32c=" + GcsEmulator.crc32c(new byte[] {1, 2, 3});
        assertEquals(200, chunk("checked", "bytes 0-2/3", new byte[] {1, 2, 3}, right).statusCode());
    }

    @Test
    void aNonFinalChunkOffTheGranuleIsRefused() throws Exception {
        WriteChannel writer = storage.writer(BlobInfo.newBuilder("fleet", "odd").build());
        writer.setChunkSize(256 * 1024);
        writer.write(ByteBuffer.wrap(randomBytes(300 * 1024)));
        writer.close();
        assertEquals(300 * 1024, storage.get(BlobId.of("fleet", "odd")).getSize(), "granule-aligned chunks pass");

        java.net.http.HttpResponse<String> chunk = chunk("raw", "bytes 0-999/*", new byte[1000], null);
        assertEquals(400, chunk.statusCode());
        assertTrue(chunk.body().contains("invalid"), chunk.body());
    }

    @Test
    void anExpiredSessionAnswers410() {
        emulator.sessionLifetime(java.time.Duration.ZERO);
        WriteChannel writer = storage.writer(BlobInfo.newBuilder("fleet", "late").build());
        writer.setChunkSize(256 * 1024);
        Exception e = assertThrows(Exception.class, () -> {
            writer.write(ByteBuffer.wrap(randomBytes(600 * 1024)));
            writer.close();
        });
        assertEquals(410, causeCode(e));
        assertNull(storage.get(BlobId.of("fleet", "late")));
    }

    private static final String INSERT = "storage.objects.insert";

    private void writeInChunks(String name, byte[] data) throws Exception {
        try (WriteChannel writer = storage.writer(BlobInfo.newBuilder("fleet", name).build(), Storage.BlobWriteOption.doesNotExist())) {
            writer.setChunkSize(256 * 1024);
            writer.write(ByteBuffer.wrap(data));
        }
    }

    @Test
    void retryTest503sAndAResetConnectionBeforeACreateAreRetriedByTheClient() {
        emulator.retryTest(INSERT, "return-503", "return-reset-connection", "return-503");
        storage.create(BlobInfo.newBuilder("fleet", "retried").build(), new byte[] {7}, Storage.BlobTargetOption.doesNotExist());
        assertArrayEquals(new byte[] {7}, storage.readAllBytes(BlobId.of("fleet", "retried")));
        assertEquals(List.of(), emulator.retryTestPending(INSERT));
        assertEquals(3, emulator.count("fault"));
        assertEquals(1, emulator.count("insert"), "only the fourth attempt reached the bucket");
    }

    @Test
    void retryTestBrokenStreamStoresTheCreateAndBreaksItsAnswer() throws Exception {
        emulator.retryTest(INSERT, "return-broken-stream");
        java.net.http.HttpResponse<String> answer = null;
        Exception broken = null;
        try {
            answer = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    emulator.endpoint() + "/upload/storage/v1/b/fleet/o?uploadType=media&name=kept"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {5})).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            broken = e;
        }
        assertNull(answer, "the answer is cut short");
        assertNotNull(broken, "the connection closed mid-answer");
        assertArrayEquals(new byte[] {5}, storage.readAllBytes(BlobId.of("fleet", "kept")), "the create took effect");
        assertEquals(List.of(), emulator.retryTestPending(INSERT));
    }

    @Test
    void retryTestErrorAfterKibibytesSavesTheUploadUpToThatOffsetThenFails() throws Exception {
        emulator.retryTest(INSERT, "return-503-after-300K");
        java.net.URI session = session("partial");
        byte[] data = randomBytes(512 * 1024);
        assertEquals(503, put(session, "bytes 0-" + (data.length - 1) + "/*", data, null).statusCode());
        java.net.http.HttpResponse<String> status = put(session, "bytes */*", new byte[0], null);
        assertEquals(308, status.statusCode());
        assertEquals("bytes=0-" + (300 * 1024 - 1), status.headers().firstValue("Range").orElseThrow());
        assertEquals(List.of(), emulator.retryTestPending(INSERT));
    }

    @Test
    void retryTestErrorAfterKibibytesLetsTheClientResumeFromTheSavedOffset() throws Exception {
        emulator.retryTest(INSERT, "return-503-after-300K", "return-503-after-600K");
        byte[] data = randomBytes(700 * 1024);
        writeInChunks("resumed", data);
        assertArrayEquals(data, storage.readAllBytes(BlobId.of("fleet", "resumed")));
        assertEquals(List.of(), emulator.retryTestPending(INSERT));
        assertEquals(2, emulator.count("fault"));
    }

    @Test
    void retryTestBrokenFinalChunkCreatesTheObjectAndTheClientFindsIt() throws Exception {
        emulator.retryTest(INSERT, "return-broken-stream-final-chunk-after-10B");
        byte[] data = randomBytes(600 * 1024);
        writeInChunks("final", data);
        assertArrayEquals(data, storage.readAllBytes(BlobId.of("fleet", "final")));
        assertEquals(List.of(), emulator.retryTestPending(INSERT));
        assertEquals(1, emulator.count("fault"), "struck the final chunk only");
    }

    @Test
    void retryTestBrokenStreamAfterKibibytesCutsADownload() throws Exception {
        byte[] data = randomBytes(64 * 1024);
        storage.create(BlobInfo.newBuilder("fleet", "read").build(), data);
        emulator.retryTest("storage.objects.get", "return-broken-stream-after-1K");
        java.net.http.HttpResponse<java.io.InputStream> answer = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(emulator.endpoint() + "/download/storage/v1/b/fleet/o/read?alt=media")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, answer.statusCode());
        byte[] received = new byte[data.length];
        int read = 0;
        try (java.io.InputStream in = answer.body()) {
            for (int n; read < received.length && (n = in.read(received, read, received.length - read)) > 0; ) {
                read += n;
            }
        } catch (java.io.IOException e) {
            // the stream breaks: what matters is how much came before
        }
        assertEquals(1024, read);
        assertEquals(List.of(), emulator.retryTestPending("storage.objects.get"));
    }

    @Test
    void aRetryTestInstructionWaitsForARequestItAppliesToAndHoldsBackTheNext() {
        emulator.retryTest(INSERT, "return-503-after-256K", "return-503");
        storage.create(BlobInfo.newBuilder("fleet", "single-shot").build(), new byte[] {1}, Storage.BlobTargetOption.doesNotExist());
        assertEquals(0, emulator.count("fault"), "a single-shot create has no offset to fail after");
        assertEquals(List.of("return-503-after-256K", "return-503"), emulator.retryTestPending(INSERT));
        emulator.clearFaults();
        assertEquals(List.of(), emulator.retryTestPending(INSERT));
    }

    @Test
    void unknownRetryTestInstructionsAndMethodsAreRefusedByName() {
        IllegalArgumentException instruction = assertThrows(IllegalArgumentException.class,
                () -> emulator.retryTest(INSERT, "return-503", "return-teapot"));
        assertTrue(instruction.getMessage().contains("return-teapot"), instruction.getMessage());
        IllegalArgumentException downloadOnly = assertThrows(IllegalArgumentException.class,
                () -> emulator.retryTest(INSERT, "return-broken-stream-after-256K"));
        assertTrue(downloadOnly.getMessage().contains("return-broken-stream-after-256K"), downloadOnly.getMessage());
        IllegalArgumentException method = assertThrows(IllegalArgumentException.class,
                () -> emulator.retryTest("storage.objects.compose", "return-503"));
        assertTrue(method.getMessage().contains("storage.objects.compose"), method.getMessage());
        assertEquals(List.of(), emulator.retryTestPending(INSERT), "nothing armed from a refused list");
    }

    private static int causeCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.google.cloud.BaseServiceException service) {
                return service.getCode();
            }
        }
        return -1;
    }
}
