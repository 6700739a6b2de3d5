package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.agent.testing.PrometheusText;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token scopes on every endpoint of a real agent with JSON error bodies, throttling of failures per
 * source and its counters, and the CLI's token.
 */
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
        agent = agents.start("--name", "auth", "--api-token-file", tokenFile.toString(), "--ops-http", "127.0.0.1:0");
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
            assertTrue(error(none).contains("missing token"), none.body());
            // Wrong tokens spend the source's failure budget (a burst of 10): try a few, below it.
            if (wrongTried++ < 8) {
                HttpResponse<String> wrong = send(call, "not-a-token-at-all-1234", api);
                assertEquals(401, wrong.statusCode(), call + " with a wrong token");
                assertTrue(error(wrong).contains("invalid token"), wrong.body());
            }
            HttpResponse<String> read = send(call, READER, api);
            if (call.write()) {
                assertEquals(403, read.statusCode(), call + " with a read token");
                assertTrue(error(read).contains("needs a write token"), read.body());
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
        assertTrue(error(throttled).contains("too many failed"), throttled.body());

        // The budget is per source: another address on this host is not held back by the first one's failures.
        assertEquals(200, statusFrom("127.0.0.2", api, "/v1/members", WRITER));
        assertEquals(401, statusFrom("127.0.0.2", api, "/v1/members", "guess-from-elsewhere-000"));

        PrometheusText metrics = PrometheusText.parse(http.send(HttpRequest.newBuilder(
                URI.create("http://" + agent.opsAddress().orElseThrow() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        double failures = total(metrics, "pekonode_http_auth_failures_total");
        double throttledCount = total(metrics, "pekonode_http_auth_throttled_total");
        assertTrue(failures >= 15 - refused + 1, "failed attempts are counted: " + failures);
        assertTrue(throttledCount >= refused + 1, "refused sources are counted: " + throttledCount);
    }

    private static double total(PrometheusText metrics, String name) {
        assertTrue(metrics.has(name), name + " is exported");
        return metrics.samples(name).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    /** The {@code error} of a JSON error body (fails when the body is not one). */
    private static String error(HttpResponse<String> response) throws Exception {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertTrue(body.path("error").isTextual(), response.body());
        return body.path("error").asText();
    }

    /** The status of a GET sent from the local address {@code source}. */
    private static int statusFrom(String source, String address, String path, String token) throws Exception {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + address + "\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 "), "status line: " + status);
            return Integer.parseInt(status.substring(9, 12));
        }
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
