package io.fleetml.connect.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.fleetml.connect.common.config.InvalidSetting;
import io.fleetml.connect.common.policy.WorkerPolicy;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TLS settings of ssl:// brokers: trust and client key material from PKCS12, JKS or PEM files, read from where the
 * worker policy's check found the setting leads, so a link changed since validation cannot redirect the read.
 */
final class TlsContexts {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");
    private static final char[] PEM_STORE_PASSWORD = new char[0];
    /** Accepts any name, for brokers reached by an address their certificate does not name. */
    private static final HostnameVerifier ANY_HOST = (host, session) -> true;

    private TlsContexts() {
    }

    static MqttClientSslConfig sslConfig(MqttSourceConfig config) {
        MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder()
                .handshakeTimeout(config.connectTimeoutMs(), TimeUnit.MILLISECONDS);
        if (config.trustStoreLocation() != null) {
            builder.trustManagerFactory(trustManagers(config));
        }
        if (config.keyStoreLocation() != null) {
            builder.keyManagerFactory(keyManagers(config));
        }
        if (!config.hostnameVerification()) {
            builder.hostnameVerifier(ANY_HOST);
        }
        return builder.build();
    }

    private static TrustManagerFactory trustManagers(MqttSourceConfig config) {
        String location = config.trustStoreLocation();
        try {
            KeyStore store;
            if (config.trustStoreType() == MqttSourceConfig.StoreType.PEM) {
                store = emptyStore();
                int i = 0;
                Path file = allowed(MqttSourceConfig.TRUSTSTORE_LOCATION_CONFIG, location);
                for (Certificate certificate : certificates(Files.readAllBytes(file))) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
                if (i == 0) {
                    throw new InvalidSetting(MqttSourceConfig.TRUSTSTORE_LOCATION_CONFIG, location, "no certificate in the PEM file");
                }
            } else {
                store = load(config.trustStoreType().name(), location, config.trustStorePassword(), MqttSourceConfig.TRUSTSTORE_LOCATION_CONFIG);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSetting(MqttSourceConfig.TRUSTSTORE_LOCATION_CONFIG, location, "cannot read the trust store: " + e.getMessage());
        }
    }

    private static KeyManagerFactory keyManagers(MqttSourceConfig config) {
        String location = config.keyStoreLocation();
        try {
            KeyStore store;
            char[] keyPassword;
            if (config.keyStoreType() == MqttSourceConfig.StoreType.PEM) {
                Path file = allowed(MqttSourceConfig.KEYSTORE_LOCATION_CONFIG, location);
                String pem = Files.readString(file, StandardCharsets.US_ASCII);
                List<Certificate> chain = certificates(pem.getBytes(StandardCharsets.US_ASCII));
                Matcher key = PRIVATE_KEY.matcher(pem);
                if (chain.isEmpty() || !key.find()) {
                    throw new InvalidSetting(MqttSourceConfig.KEYSTORE_LOCATION_CONFIG, location,
                            "the PEM file needs the certificate chain and an unencrypted PKCS#8 private key (BEGIN PRIVATE KEY)");
                }
                store = emptyStore();
                keyPassword = PEM_STORE_PASSWORD;
                store.setKeyEntry("client", privateKey(Base64.getMimeDecoder().decode(key.group(1))), keyPassword,
                        chain.toArray(Certificate[]::new));
            } else {
                store = load(config.keyStoreType().name(), location, config.keyStorePassword(), MqttSourceConfig.KEYSTORE_LOCATION_CONFIG);
                Password password = config.keyPassword();
                keyPassword = password == null ? new char[0] : password.value().toCharArray();
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, keyPassword);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSetting(MqttSourceConfig.KEYSTORE_LOCATION_CONFIG, location, "cannot read the key store: " + e.getMessage());
        }
    }

    private static KeyStore load(String type, String location, Password password, String key) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(allowed(key, location))) {
            store.load(in, password == null ? null : password.value().toCharArray());
        } catch (IOException e) {
            // KeyStore reports a wrong password as an IOException whose cause is an UnrecoverableKeyException.
            throw new InvalidSetting(key, location, "cannot open the " + type + " store (wrong password or not a " + type + " file?)");
        }
        return store;
    }

    private static Path allowed(String key, String location) {
        return WorkerPolicy.current().checkPath(key, location);
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    /** Only the certificate blocks: a key block in the same file is not for the certificate parser. */
    private static List<Certificate> certificates(byte[] pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> certificates = new ArrayList<>();
        Matcher block = CERTIFICATE.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (block.find()) {
            certificates.add(factory.generateCertificate(new ByteArrayInputStream(block.group().getBytes(StandardCharsets.US_ASCII))));
        }
        return certificates;
    }

    private static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
