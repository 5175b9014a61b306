package io.fleetml.testkit.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A throw-away PKI for TLS tests, generated with the JDK's {@code keytool}: a test CA, a server certificate for
 * {@code localhost}/{@code 127.0.0.1} and a client certificate both signed by it, and an unrelated "untrusted" CA.
 * Every store is PKCS12 and shares {@link #password()}; PEM copies are provided for clients configured with PEM.
 */
public final class TestCertificates {
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static final long GENERATE_TIMEOUT_SECONDS = 300;
    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private final Path dir;
    private final String password;

    private TestCertificates(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** Generates all stores and PEM files into {@code dir}, which must exist; takes a few seconds. */
    public static TestCertificates generate(Path dir) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        TestCertificates certs = new TestCertificates(dir, HexFormat.of().formatHex(random));
        certs.create();
        return certs;
    }

    /** The one random password of every store and key. */
    public String password() {
        return password;
    }

    /** PKCS12 with the server key under alias {@code server}, its chain ending in the test CA. */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** PKCS12 trusting only the test CA. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** PKCS12 with the client key under alias {@code client}, its chain ending in the test CA. */
    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /** The test CA's certificate. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The client certificate chain, client certificate first. */
    public Path clientCertPem() {
        return dir.resolve("client-cert.pem");
    }

    /** The client's unencrypted PKCS#8 private key. */
    public Path clientKeyPem() {
        return dir.resolve("client-key.pem");
    }

    /** {@link #clientCertPem()} followed by {@link #clientKeyPem()} in one file. */
    public Path clientCertAndKeyPem() {
        return dir.resolve("client.pem");
    }

    /** PKCS12 trusting only a CA that signed neither the server nor the client. */
    public Path untrustedTrustStore() {
        return dir.resolve("untrusted-truststore.p12");
    }

    /** The untrusted CA's certificate. */
    public Path untrustedCaPem() {
        return dir.resolve("untrusted-ca.pem");
    }

    private void create() {
        Path ca = dir.resolve("ca.p12");
        genKeyPair(ca, "ca", "CN=fleetml test CA", "-ext", "bc:c");
        write(caPem(), pem(certificates(ca, "ca")));
        // Each keytool run is a short JVM, mostly start-up; independent runs overlap well even on two cores.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> importTrusted(trustStore(), caPem()), pool),
                    CompletableFuture.runAsync(() -> signed(ca, serverKeyStore(), "server", "CN=localhost",
                            "san=dns:localhost,ip:127.0.0.1", "eku=serverAuth"), pool),
                    CompletableFuture.runAsync(() -> {
                        signed(ca, clientKeyStore(), "client", "CN=fleetml test client", "eku=clientAuth");
                        writeClientPems();
                    }, pool),
                    CompletableFuture.runAsync(() -> {
                        Path untrusted = dir.resolve("untrusted-ca.p12");
                        genKeyPair(untrusted, "ca", "CN=fleetml untrusted CA", "-ext", "bc:c");
                        write(untrustedCaPem(), pem(certificates(untrusted, "ca")));
                        importTrusted(untrustedTrustStore(), untrustedCaPem());
                    }, pool)
            ).get(GENERATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("certificate generation took over " + GENERATE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void writeClientPems() {
        String chain = pem(certificates(clientKeyStore(), "client"));
        String key;
        try {
            key = pemBlock("PRIVATE KEY", load(clientKeyStore()).getKey("client", password.toCharArray()).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        write(clientCertPem(), chain);
        write(clientKeyPem(), key);
        write(clientCertAndKeyPem(), chain + key);
    }

    private void signed(Path ca, Path store, String alias, String dname, String... extensions) {
        genKeyPair(store, alias, dname);
        Path csr = dir.resolve(alias + ".csr");
        Path crt = dir.resolve(alias + ".crt");
        keytool("-certreq", "-keystore", store.toString(), "-alias", alias, "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-keystore", ca.toString(), "-alias", "ca",
                "-infile", csr.toString(), "-outfile", crt.toString(), "-validity", "2", "-rfc"));
        for (String extension : extensions) {
            gencert.add("-ext");
            gencert.add(extension);
        }
        keytool(gencert.toArray(String[]::new));
        // With the whole chain as the reply, keytool installs it without the CA having to be in the store.
        Path chain = dir.resolve(alias + "-chain.pem");
        try {
            write(chain, Files.readString(crt, StandardCharsets.US_ASCII) + Files.readString(caPem()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keytool("-importcert", "-noprompt", "-keystore", store.toString(), "-alias", alias, "-file", chain.toString());
        try {
            for (Path file : List.of(csr, crt, chain)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void genKeyPair(Path store, String alias, String dname, String... extra) {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-keystore", store.toString(), "-alias", alias,
                "-dname", dname, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2"));
        args.addAll(List.of(extra));
        keytool(args.toArray(String[]::new));
    }

    private void importTrusted(Path store, Path certPem) {
        keytool("-importcert", "-noprompt", "-keystore", store.toString(), "-alias", "ca", "-file", certPem.toString());
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // keytool runs for well under a second, so the JIT's optimising tier only costs time.
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        // PKCS12 keys take the store password, so -keypass is never needed.
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
        try {
            Path log = Files.createTempFile(dir, "keytool", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool timed out: " + String.join(" ", args));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n"
                        + Files.readString(log));
            }
            Files.delete(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load(Path store) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password.toCharArray());
            return keyStore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Certificate> certificates(Path store, String alias) {
        try {
            Certificate[] chain = load(store).getCertificateChain(alias);
            if (chain == null) {
                throw new IllegalStateException("no key entry " + alias + " in " + store);
            }
            return List.of(chain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(List<Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (Certificate certificate : certificates) {
            try {
                pem.append(pemBlock("CERTIFICATE", certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return pem.toString();
    }

    private static String pemBlock(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
