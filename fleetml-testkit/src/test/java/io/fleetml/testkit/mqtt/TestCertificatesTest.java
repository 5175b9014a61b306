package io.fleetml.testkit.mqtt;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated stores and PEM files are consistent with each other, as PEM- and PKCS12-configured clients need. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TestCertificatesTest {
    @TempDir
    static Path dir;
    private static TestCertificates certs;

    @BeforeAll
    static void generate() {
        certs = TestCertificates.generate(dir);
    }

    @Test
    void serverCertificateIsForLoopbackAndSignedByTheCa() throws Exception {
        X509Certificate ca = certificates(certs.caPem()).get(0);
        X509Certificate server = (X509Certificate) load(certs.serverKeyStore()).getCertificate("server");
        server.verify(ca.getPublicKey());
        Set<String> names = server.getSubjectAlternativeNames().stream()
                .map(name -> String.valueOf(name.get(1))).collect(Collectors.toSet());
        assertEquals(Set.of("localhost", "127.0.0.1"), names);
        assertTrue(server.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(3))));
        assertEquals(ca, load(certs.trustStore()).getCertificate("ca"));
    }

    @Test
    void clientPemsHoldTheChainAndMatchingKey() throws Exception {
        List<X509Certificate> chain = certificates(certs.clientCertPem());
        assertEquals(2, chain.size());
        chain.get(0).verify(certificates(certs.caPem()).get(0).getPublicKey());
        assertEquals(chain.get(0), load(certs.clientKeyStore()).getCertificate("client"));
        assertEquals(Files.readString(certs.clientCertPem()) + Files.readString(certs.clientKeyPem()),
                Files.readString(certs.clientCertAndKeyPem()));

        PrivateKey key = privateKey(Files.readString(certs.clientKeyPem()));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update("fleet".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(chain.get(0));
        verifier.update("fleet".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(signature));
    }

    @Test
    void untrustedCaSignedNothing() throws Exception {
        X509Certificate untrusted = certificates(certs.untrustedCaPem()).get(0);
        assertNotEquals(certificates(certs.caPem()).get(0), untrusted);
        assertEquals(untrusted, load(certs.untrustedTrustStore()).getCertificate("ca"));
        X509Certificate server = (X509Certificate) load(certs.serverKeyStore()).getCertificate("server");
        assertThrows(Exception.class, () -> server.verify(untrusted.getPublicKey()));
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
    }

    private static PrivateKey privateKey(String pem) throws Exception {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        byte[] der = Base64.getMimeDecoder().decode(base64);
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, certs.password().toCharArray());
        }
        return keyStore;
    }
}
