package io.fleetml.connect.fraud;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GcsLocationTest {
    @Test
    void thePrefixIsADirectoryWithOrWithoutItsTrailingSlash() {
        assertEquals(new GcsLocation("models", "fraud/payments/"), GcsLocation.parse("gs://models/fraud/payments"));
        assertEquals(new GcsLocation("models", "fraud/payments/"), GcsLocation.parse("gs://models/fraud/payments/"));
        assertEquals(new GcsLocation("models", ""), GcsLocation.parse("gs://models"));
        assertEquals(new GcsLocation("models", ""), GcsLocation.parse("gs://models/"));
        assertEquals("gs://models/fraud/7/", GcsLocation.parse("gs://models/fraud").child("7").toString());
    }

    @Test
    void malformedLocationsSayWhatIsWrong() {
        assertEquals("'Models' is not a bucket name: 3 to 222 lowercase letters, digits, dots, dashes and underscores, "
                + "starting and ending with a letter or digit; write gs://bucket/prefix/", message("gs://Models/fraud"));
        assertEquals("'' is not a bucket name: 3 to 222 lowercase letters, digits, dots, dashes and underscores, "
                + "starting and ending with a letter or digit; write gs://bucket/prefix/", message("gs:///fraud"));
        assertEquals("the path after the bucket has an empty segment", message("gs://models//fraud"));
        assertEquals("the path after the bucket has an empty segment", message("gs://models/fraud//7"));
    }

    private static String message(String location) {
        return assertThrows(IllegalArgumentException.class, () -> GcsLocation.parse(location)).getMessage();
    }
}
