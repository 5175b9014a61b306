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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real google-cloud-storage client against the emulator, including the failures the emulator injects. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GcsEmulatorTest {
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

    /** Starts a resumable session over plain HTTP and sends one chunk, as a client of any language would. */
    private java.net.http.HttpResponse<String> chunk(String name, String range, byte[] data, String hash) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<Void> start = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                emulator.endpoint() + "/upload/storage/v1/b/fleet/o?uploadType=resumable&name=" + name))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        java.net.http.HttpRequest.Builder put = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(start.headers().firstValue("Location").orElseThrow()))
                .header("Content-Range", range).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(data));
        if (hash != null) {
            put.header("X-Goog-Hash", hash);
        }
        return http.send(put.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
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

    private static int causeCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.google.cloud.BaseServiceException service) {
                return service.getCode();
            }
        }
        return -1;
    }
}
