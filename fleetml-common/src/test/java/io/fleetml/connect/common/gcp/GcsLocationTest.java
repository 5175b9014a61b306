package io.fleetml.connect.common.gcp;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GcsLocationTest {
    @Test
    void thePrefixIsADirectorySoASiblingWithTheSameStartIsNotInside() {
        GcsLocation location = GcsLocation.parse("gs://fleet-data/topics/payments", "--input");
        assertEquals("fleet-data", location.bucket());
        assertEquals("topics/payments/", location.prefix());
        assertEquals(location, GcsLocation.parse("gs://fleet-data/topics/payments/", "--input"));
        assertFalse("topics/payments-eu/x.jsonl".startsWith(location.prefix()));
        assertEquals("topics/payments/dt=2026-11-30/x.jsonl", location.objectName("dt=2026-11-30/x.jsonl"));
        assertEquals("gs://fleet-data/topics/payments/", location.toString());
        assertEquals("gs://fleet-data/models/1/", location.uri("models/1/"));
    }

    @Test
    void aBareBucketHasAnEmptyPrefix() {
        assertEquals(new GcsLocation("models.example.com", ""), GcsLocation.parse("gs://models.example.com", "model.path"));
        assertEquals(new GcsLocation("models", ""), GcsLocation.parse("gs://models/", "model.path"));
    }

    @Test
    void aChildIsTheDirectoryRightBelow() {
        assertEquals("gs://models/fraud/7/", GcsLocation.parse("gs://models/fraud", "model.path").child("7").toString());
        assertEquals(new GcsLocation("models", "7/"), GcsLocation.parse("gs://models", "model.path").child("7"));
    }

    @Test
    void onlyGsLocationsAreGcs() {
        assertTrue(GcsLocation.isGcs("gs://b/p"));
        assertFalse(GcsLocation.isGcs("/data/gs://b"));
        assertFalse(GcsLocation.isGcs(null));
    }

    @Test
    void malformedLocationsNameTheSetting() {
        ConfigException notGs = assertThrows(ConfigException.class, () -> GcsLocation.parse("s3://b/p", "--output"));
        assertTrue(notGs.getMessage().contains("--output") && notGs.getMessage().contains("not a gs://"), notGs.getMessage());
        ConfigException badBucket = assertThrows(ConfigException.class, () -> GcsLocation.parse("gs://My_Bucket/p", "model.path"));
        assertTrue(badBucket.getMessage().contains("model.path") && badBucket.getMessage().contains("'My_Bucket' is not a valid bucket name"),
                badBucket.getMessage());
        assertThrows(ConfigException.class, () -> GcsLocation.parse("gs://", "model.path"));
        ConfigException noBucket = assertThrows(ConfigException.class, () -> GcsLocation.parse("gs:///fraud", "model.path"));
        assertTrue(noBucket.getMessage().contains("'' is not a valid bucket name"), noBucket.getMessage());
        ConfigException slashAfterBucket = assertThrows(ConfigException.class,
                () -> GcsLocation.parse("gs://models//fraud", "challenger.model.path"));
        assertTrue(slashAfterBucket.getMessage().contains("challenger.model.path")
                && slashAfterBucket.getMessage().contains("empty path segment"), slashAfterBucket.getMessage());
        ConfigException emptySegment = assertThrows(ConfigException.class, () -> GcsLocation.parse("gs://bucket/a//b", "--input"));
        assertTrue(emptySegment.getMessage().contains("empty path segment"), emptySegment.getMessage());
    }
}
