package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.testing.CliRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token scopes on every endpoint of a real agent, throttling of failures, and the CLI's token. */
class TokenAuthTest {

    private static final String READER = "reader-token-0123456789";
    private static final String WRITER = "writer-token-0123456789";
    private final TestAgents agents = new TestAgents();
    private final HttpClient http = HttpClient.newHttpClient();
    private AgentNode agent;
    private Path tokenFile;

    /** Every endpoint with a request that needs read or write. */
    private record Call(String method, String path, boolean write) {
    }

    private static final List<Call> CALLS = List.of(
            new Call("GET", "/v1/members", false), new Call("GET", "/v1/kv", false), new Call("GET", "/v1/kv/k", false),
            new Call("PUT", "/v1/kv/k", true), new Call("DELETE", "/v1/kv/k", true), new Call("GET", "/v1/health", false),
            new Call("GET", "/v1/health/live", false), new Call("GET", "/v1/health/ready", false),
            new Call("GET", "/metrics", false), new Call("GET", "/v1/metrics", false), new Call("GET", "/v1/events", false),
            new Call("POST", "/v1/event/deploy", true), new Call("POST", "/v1/query/q?timeout=100ms", true),
            new Call("GET", "/v1/services/web", false), new Call("GET", "/v1/keyring", false),
            new Call("POST", "/v1/keyring/install", true), new Call("POST", "/v1/keyring/use", true),
            new Call("POST", "/v1/keyring/remove", true), new Call("POST", "/v1/keyring/encrypt-outgoing", true),
            new Call("POST", "/v1/keyring/require-encrypted-incoming", true), new Call("GET", "/v1/tags", false),
            new Call("PUT", "/v1/tags", true), new Call("DELETE", "/v1/tags?key=x", true),
            new Call("POST", "/v1/join?address=127.0.0.1:1&timeout=100ms", true),
            new Call("POST", "/v1/force-leave/nobody", true), new Call("GET", "/v1/info", false),
            new Call("POST", "/v1/leave", true));

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        tokenFile = Files.writeString(dir.resolve("tokens"), "# operators\nread " + READER + "\n\nwrite " + WRITER + "\n");
        agent = agents.start("--name", "auth", "--api-token-file", tokenFile.toString());
    }

    @AfterEach
    void close() {
        agents.close();
    }

    private HttpResponse<String> send(Call call, String token, String from) throws Exception {
        HttpRequest.BodyPublisher body = call.method().equals("PUT") || call.path().startsWith("/v1/keyring/")
                ? HttpRequest.BodyPublishers.ofString(call.path().equals("/v1/tags") ? "{\"t\":\"v\"}" : "x")
                : HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://" + from + call.path()))
                .timeout(Duration.ofSeconds(15)).method(call.method(), body);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyEndpointWantsTheRightScope() throws Exception {
        String api = TestAgents.http(agent);
        int wrongTried = 0;
        for (Call call : CALLS) {
            if (call.path().equals("/v1/leave")) {
                continue; // answered last, it stops the agent
            }
            HttpResponse<String> none = send(call, null, api);
            assertEquals(401, none.statusCode(), call + " without a token");
            assertTrue(none.body().contains("missing token"), none.body());
            // Wrong tokens spend the source's failure budget (a burst of 10): try a few, below it.
            if (wrongTried++ < 8) {
                HttpResponse<String> wrong = send(call, "not-a-token-at-all-1234", api);
                assertEquals(401, wrong.statusCode(), call + " with a wrong token");
                assertTrue(wrong.body().contains("invalid token"), wrong.body());
            }
            HttpResponse<String> read = send(call, READER, api);
            if (call.write()) {
                assertEquals(403, read.statusCode(), call + " with a read token");
                assertTrue(read.body().contains("needs a write token"), read.body());
            } else {
                assertNotEquals(401, read.statusCode(), call + " with a read token");
                assertNotEquals(403, read.statusCode(), call + " with a read token");
            }
            HttpResponse<String> write = send(call, WRITER, api);
            assertTrue(write.statusCode() != 401 && write.statusCode() != 403, call + " with a write token: " + write.statusCode());
            assertTrue(write.statusCode() < 500 || write.statusCode() == 501 || write.statusCode() == 503 || write.statusCode() == 504,
                    call + ": " + write.statusCode() + " " + write.body());
        }
        Call leave = CALLS.get(CALLS.size() - 1);
        assertEquals(403, send(leave, READER, api).statusCode());
        assertEquals(200, send(leave, WRITER, api).statusCode());
    }

    @Test
    void aSourceThatKeepsFailingIsThrottledAndCounted() throws Exception {
        String api = TestAgents.http(agent);
        Call members = CALLS.get(0);
        int refused = 0;
        for (int i = 0; i < 15; i++) {
            if (send(members, "guess-" + i + "-0000000000000", api).statusCode() == 429) {
                refused++;
            }
        }
        assertTrue(refused >= 4, "after the burst of failures the source gets 429: " + refused);
        HttpResponse<String> throttled = send(members, WRITER, api);
        assertEquals(429, throttled.statusCode(), "even a good token waits until the budget refills");
        assertTrue(throttled.body().contains("too many failed"), throttled.body());
    }

    @Test
    void theCliSendsItsTokenAndReportsRefusalsInOneLine(@TempDir Path dir) throws Exception {
        String api = TestAgents.http(agent);
        CliRun.Result none = CliRun.run("members", "--http", api);
        assertEquals(ExitCodes.FAILURE, none.code());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertTrue(none.err().contains("401") && none.err().contains("--token-file"), none.err());

        Path readToken = Files.writeString(dir.resolve("read"), READER + "\n");
        assertEquals(ExitCodes.OK, CliRun.run("members", "--http", api, "--token-file", readToken.toString()).code());
        CliRun.Result forbidden = CliRun.run("kv", "put", "k", "v", "--http", api, "--token-file", readToken.toString());
        assertEquals(ExitCodes.FAILURE, forbidden.code());
        assertEquals(1, forbidden.err().strip().lines().count(), forbidden.err());
        assertTrue(forbidden.err().contains("403"), forbidden.err());
        // The agent's own file works as a client token file: its first token is used.
        CliRun.Result put = CliRun.run("kv", "put", "k", "v", "--http", api, "--token-file",
                Files.writeString(dir.resolve("write"), "write " + WRITER + "\n").toString());
        assertEquals(ExitCodes.OK, put.code(), put.toString());
    }

    @Test
    void aNonLoopbackApiNeedsATokenFileOrHttpInsecure() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TestAgents.parse(Map.of(), "--http", "0.0.0.0:0").httpSettings());
        assertTrue(refused.getMessage().contains("--http-insecure"), refused.getMessage());
        AgentOptions insecure = TestAgents.parse(Map.of(), "--http", "0.0.0.0:0", "--http-insecure");
        insecure.httpSettings();
        assertTrue(insecure.warnings().stream().anyMatch(w -> w.contains("no authentication")), insecure.warnings().toString());
        TestAgents.parse(Map.of(), "--http", "0.0.0.0:0", "--api-token-file", tokenFile.toString()).httpSettings();
    }

    @Test
    void badTokenFilesFailAtStartWithTheLine(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), "read " + READER + "\nadmin " + WRITER + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestAgents.parse(Map.of(), "--api-token-file", bad.toString()).httpSettings());
        assertTrue(e.getMessage().contains("line 2") && !e.getMessage().contains(WRITER), e.getMessage());
        Path shortToken = Files.writeString(dir.resolve("short"), "write abc\n");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TestAgents.parse(Map.of(), "--api-token-file", shortToken.toString()).httpSettings())
                .getMessage().contains("shorter than"));
    }
}
