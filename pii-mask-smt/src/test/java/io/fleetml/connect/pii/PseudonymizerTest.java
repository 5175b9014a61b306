package io.fleetml.connect.pii;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PseudonymizerTest {
    /** Keys shorter than, equal to and longer than SHA-256's block, against the JDK's own HMAC. */
    @Property(tries = 300)
    void sameBytesAsJavaxCryptoHmac(@ForAll @Size(min = 1, max = 150) byte[] key, @ForAll @Size(max = 300) byte[] message)
            throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        assertArrayEquals(mac.doFinal(message), new Pseudonymizer(key, false).hmac(message));
    }
}
