package io.fleetml.connect.common.policy;

import io.fleetml.connect.common.config.InvalidSetting;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(WorkerPolicyReset.class)
class WorkerPolicyTest {
    @TempDir
    Path root;
    private Path allowed;
    private Path outside;

    @BeforeEach
    void directories() throws IOException {
        allowed = Files.createDirectories(root.resolve("allowed"));
        outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(allowed.resolve("key.json"), "{}");
        Files.writeString(outside.resolve("key.json"), "{}");
    }

    private static void allowPaths(String paths) {
        System.setProperty(WorkerPolicy.PATHS_PROPERTY, paths);
    }

    private static void allowEndpoints(String endpoints) {
        System.setProperty(WorkerPolicy.ENDPOINTS_PROPERTY, endpoints);
    }

    private static InvalidSetting refusedPath(String key, String value) {
        return assertThrows(InvalidSetting.class, () -> WorkerPolicy.current().checkPath(key, value));
    }

    @Test
    void withoutAPolicyEveryPathAndEndpointIsAllowed() {
        assertEquals(outside.resolve("key.json"), WorkerPolicy.current().checkPath("k", outside.resolve("key.json").toString()));
        WorkerPolicy.current().checkEndpoint("k", "https://anywhere.example", Endpoint.ofUrl("https://anywhere.example"));
    }

    @Test
    void aFileInAnAllowedDirectoryIsReadWhereItResolves() throws IOException {
        allowPaths(outside + " , " + allowed);
        assertEquals(allowed.resolve("key.json").toRealPath(),
                WorkerPolicy.current().checkPath("gcs.credentials.path", allowed.resolve("key.json").toString()));
    }

    @Test
    void aFileOutsideIsRefusedNamingTheSettingAndTheVariableToSet() {
        allowPaths(allowed.toString());
        InvalidSetting e = refusedPath("gcs.credentials.path", outside.resolve("key.json").toString());
        assertEquals("gcs.credentials.path", e.setting());
        assertTrue(e.getMessage().contains("gcs.credentials.path") && e.getMessage().contains(WorkerPolicy.PATHS_ENV)
                && e.getMessage().contains(WorkerPolicy.PATHS_PROPERTY), e.getMessage());
    }

    @Test
    void dotDotCannotLeadOutOfAnAllowedDirectory() {
        allowPaths(allowed.toString());
        refusedPath("k", allowed + "/../outside/key.json");
        refusedPath("k", allowed + "/sub/../../outside/key.json");
        assertEquals(allowed.resolve("key.json"), WorkerPolicy.current().checkPath("k", outside + "/../allowed/./key.json"));
    }

    @Test
    void aLinkInsideAnAllowedDirectoryCannotLeadOutOfIt() throws IOException {
        allowPaths(allowed.toString());
        Files.createSymbolicLink(allowed.resolve("escape"), outside);
        Files.createSymbolicLink(allowed.resolve("escape.json"), outside.resolve("key.json"));
        refusedPath("k", allowed.resolve("escape").resolve("key.json").toString());
        refusedPath("k", allowed.resolve("escape.json").toString());
        // ".." after a link steps up from where the link leads, as the file system does, not from the link's name.
        Files.createDirectories(outside.resolve("deeper"));
        Files.createSymbolicLink(allowed.resolve("down"), outside.resolve("deeper"));
        refusedPath("k", allowed + "/down/../key.json");
    }

    @Test
    void aLinkThatStaysInsideIsFollowedAndALinkToNothingIsRefused() throws IOException {
        allowPaths(allowed.toString());
        Files.createSymbolicLink(allowed.resolve("alias.json"), allowed.resolve("key.json"));
        assertEquals(allowed.resolve("key.json").toRealPath(), WorkerPolicy.current().checkPath("k", allowed.resolve("alias.json").toString()));
        Files.createSymbolicLink(allowed.resolve("dangling"), outside.resolve("not-yet"));
        refusedPath("k", allowed.resolve("dangling").resolve("models").toString());
    }

    @Test
    void anAllowedDirectoryThatIsALinkAllowsWhereItLeads() throws IOException {
        Path link = Files.createSymbolicLink(root.resolve("link-to-allowed"), allowed);
        allowPaths(link.toString());
        assertEquals(allowed.resolve("key.json").toRealPath(), WorkerPolicy.current().checkPath("k", allowed.resolve("key.json").toString()));
        refusedPath("k", outside.resolve("key.json").toString());
    }

    @Test
    void aDirectoryStillToBeCreatedIsJudgedByWhereItWillBe() {
        allowPaths(allowed.toString());
        assertEquals(allowed.resolve("cache/models"), WorkerPolicy.current().checkPath("model.cache.dir", allowed + "/cache/models"));
        refusedPath("model.cache.dir", allowed + "/cache/../../outside/new");
    }

    @Test
    void aLinkAfterANameStillToBeCreatedAndItsDotDotIsFollowedToo() throws IOException {
        allowPaths(allowed.toString());
        Files.createSymbolicLink(allowed.resolve("escape"), outside);
        // createDirectories would make "new", step back out of it and write through the link.
        refusedPath("model.cache.dir", allowed + "/new/../escape/cache");
    }

    @Test
    void aSiblingWhoseNameStartsLikeAnAllowedDirectoryIsNotInside() throws IOException {
        allowPaths(allowed.toString());
        Path sibling = Files.createDirectories(root.resolve("allowed-not"));
        refusedPath("k", sibling.toString());
    }

    @Test
    void fileUrisInAnyCaseAreLocalPaths() {
        allowPaths(allowed.toString());
        assertEquals(allowed.resolve("key.json"), WorkerPolicy.current().checkPath("model.path", allowed.resolve("key.json").toUri().toString()));
        refusedPath("model.path", "FILE://" + outside.resolve("key.json"));
        refusedPath("model.path", "File:" + allowed + "/../outside");
    }

    @Test
    void relativePathsAreJudgedFromTheWorkersDirectory() {
        allowPaths(allowed.toString());
        refusedPath("k", "key.json");
    }

    @Test
    void anEmptyPolicyAllowsNothingAndAMalformedOneIsTheOperatorsToFix() {
        allowPaths("");
        refusedPath("k", allowed.resolve("key.json").toString());
        allowPaths("relative/dir");
        ConfigException e = assertThrows(ConfigException.class, () -> WorkerPolicy.current().checkPath("k", allowed.toString()));
        assertTrue(e.getMessage().contains(WorkerPolicy.PATHS_ENV) && e.getMessage().contains("relative/dir"), e.getMessage());
    }

    @Test
    void anEndpointMustMatchAnEntrysHostAndWhereGivenItsPortAndScheme() {
        allowEndpoints("storage.example.com, pubsub.example.com:443, https://tls-only.example.com, http://127.0.0.1:4443, [::1]:8085");
        WorkerPolicy policy = WorkerPolicy.current();
        policy.checkEndpoint("gcs.endpoint", "x", Endpoint.ofUrl("HTTPS://Storage.Example.COM:8443/storage/v1"));
        policy.checkEndpoint("gcs.endpoint", "x", Endpoint.ofUrl("http://storage.example.com"));
        policy.checkEndpoint("pubsub.endpoint", "x", Endpoint.ofHostAndPort("pubsub.example.com:443", true));
        policy.checkEndpoint("gcs.endpoint", "x", Endpoint.ofUrl("https://tls-only.example.com:9443"));
        policy.checkEndpoint("gcs.endpoint", "x", Endpoint.ofUrl("http://127.0.0.1:4443"));
        policy.checkEndpoint("pubsub.endpoint", "x", Endpoint.ofHostAndPort("[::1]:8085", false));

        for (Endpoint refused : new Endpoint[] {
                Endpoint.ofHostAndPort("pubsub.example.com:8443", true),
                Endpoint.ofUrl("http://tls-only.example.com"),
                Endpoint.ofUrl("https://127.0.0.1:4443"),
                Endpoint.ofUrl("http://127.0.0.1:4444"),
                Endpoint.ofUrl("https://storage.example.com.evil.example"),
                Endpoint.ofUrl("https://metadata.google.internal")}) {
            InvalidSetting e = assertThrows(InvalidSetting.class, () -> policy.checkEndpoint("gcs.endpoint", "shown", refused),
                    refused.toString());
            assertTrue(e.getMessage().contains("gcs.endpoint") && e.getMessage().contains(WorkerPolicy.ENDPOINTS_ENV), e.getMessage());
        }
    }

    @Test
    void anEndpointEntryWithoutAHostIsTheOperatorsToFix() {
        allowEndpoints("ftp://files.example.com");
        ConfigException e = assertThrows(ConfigException.class,
                () -> WorkerPolicy.current().checkEndpoint("k", "x", Endpoint.ofUrl("https://files.example.com")));
        assertTrue(e.getMessage().contains(WorkerPolicy.ENDPOINTS_ENV), e.getMessage());
    }
}
