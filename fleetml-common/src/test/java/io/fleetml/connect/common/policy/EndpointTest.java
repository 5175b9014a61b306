package io.fleetml.connect.common.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointTest {
    @Test
    void theSchemeDecidesTlsInAnyCase() {
        for (String plaintext : new String[] {"http://h", "HTTP://h", "Http://h:80", "tcp://h:1883", " http://h", "h:443", "", "https"}) {
            assertFalse(Endpoint.isTlsUrl(plaintext), plaintext);
        }
        for (String tls : new String[] {"https://h", "HTTPS://h", "hTTps://h:8443/x", "ssl://h:8883", "SSL://h:8883"}) {
            assertTrue(Endpoint.isTlsUrl(tls), tls);
        }
    }

    @Test
    void urlsGetTheirSchemesDefaultPortAndALowerCaseHost() {
        assertEquals(new Endpoint("storage.example.com", 443, true), Endpoint.ofUrl("HTTPS://Storage.Example.com/storage/v1/"));
        assertEquals(new Endpoint("127.0.0.1", 80, false), Endpoint.ofUrl("HTTP://127.0.0.1"));
        assertEquals(new Endpoint("broker", 8883, true), Endpoint.ofUrl("ssl://broker:8883"));
        assertEquals(new Endpoint("pubsub.example.com", 443, false), Endpoint.ofHostAndPort("PubSub.example.com:443", false));
    }

    @Test
    void otherSchemesAndMissingHostsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Endpoint.ofUrl("ftp://h"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.ofUrl("https:///path"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.ofUrl("storage.example.com"));
    }
}
