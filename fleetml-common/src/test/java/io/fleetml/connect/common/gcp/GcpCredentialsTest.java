package io.fleetml.connect.common.gcp;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import io.fleetml.connect.common.config.InvalidSetting;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What every user of the credentials gets, the trainer's command line included. */
class GcpCredentialsTest {
    private static final GcpCredentials CREDENTIALS = new GcpCredentials("--key-file", "KEY_JSON");

    /** A service-account key the library accepts, with a fresh private key, so only the endpoint decides. */
    private static String serviceAccountKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        return "{\"type\": \"service_account\", \"project_id\": \"fleet\", \"private_key_id\": \"k1\", "
                + "\"private_key\": \"" + pem + "\", \"client_email\": \"writer@fleet.iam.gserviceaccount.com\", "
                + "\"client_id\": \"1\", \"token_uri\": \"https://oauth2.googleapis.com/token\"}";
    }

    @Test
    void aValidKeyIsUsedOverTlsAndRefusedWithoutItWhateverTheCaseOfTheScheme(@TempDir Path dir) throws Exception {
        String key = serviceAccountKey();
        Path file = Files.writeString(dir.resolve("key.json"), key);
        assertInstanceOf(ServiceAccountCredentials.class, CREDENTIALS.resolve(file.toString(), null, "HTTPS://storage.example.com"));
        assertInstanceOf(ServiceAccountCredentials.class, CREDENTIALS.resolve(null, new Password(key), null));
        for (String endpoint : new String[] {"http://127.0.0.1:4443", "HTTP://127.0.0.1:4443", "Http://emulator", "emulator:4443"}) {
            InvalidSetting fromFile = assertThrows(InvalidSetting.class, () -> CREDENTIALS.resolve(file.toString(), null, endpoint),
                    endpoint);
            assertEquals("--key-file", fromFile.setting());
            InvalidSetting inline = assertThrows(InvalidSetting.class, () -> CREDENTIALS.resolve(null, new Password(key), endpoint),
                    endpoint);
            assertEquals("KEY_JSON", inline.setting());
            assertFalse(inline.getMessage().contains("PRIVATE KEY"), inline.getMessage());
        }
    }

    @Test
    void anEndpointWithoutTlsGetsNoCredentialsRatherThanApplicationDefaultOnes() {
        for (String endpoint : new String[] {"http://127.0.0.1:4443", "HTTP://127.0.0.1:4443", "emulator:4443"}) {
            assertSame(NoCredentials.getInstance(), CREDENTIALS.resolve(null, null, endpoint), endpoint);
        }
    }

    @Test
    void overTlsAnUnreadableKeyFileIsNamed(@TempDir Path dir) {
        InvalidSetting e = assertThrows(InvalidSetting.class,
                () -> CREDENTIALS.resolve(dir.resolve("missing.json").toString(), null, "HTTPS://storage.example.com"));
        assertEquals("--key-file", e.setting());
    }
}
