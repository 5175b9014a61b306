package io.fleetml.testkit.gcs;

import java.time.Instant;
import java.util.Map;

/** One finished object version held by the emulator. */
record StoredObject(String bucket, String name, byte[] data, long generation, long metageneration, String contentType,
                    Map<String, String> metadata, Instant created) {
}
