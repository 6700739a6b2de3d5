package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.agent.testing.Await;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.testkit.fake.FakeCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API stays responsive under slow and idle clients, and answers every malformed request on every
 * endpoint with a 4xx and a JSON error.
 */
class RobustnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AgentControl CONTROL = new AgentControl() {
        @Override
        public boolean joined() {
            return true;
        }

        @Override
        public List<String> seeds() {
            return List.of();
        }

        @Override
        public CompletableFuture<Void> leave() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void shutdown() {
        }
    };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private ApiServer server;

    private ApiServer start(HttpSettings settings) {
        FakeCluster cluster = new FakeCluster(ClusterConfig.lan().nodeName("self").bind(new NodeAddress("127.0.0.1", 7000))
                .limits(l -> l.maxValueBytes(1024)).build());
        cluster.start();
        server = ApiServer.start(settings, cluster, CONTROL, 1024, 1024);
        return server;
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private long membersMillis() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + "/v1/members"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return (System.nanoTime() - started) / 1_000_000;
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.address().port()), 5_000);
        sockets.add(s);
        return s;
    }

    @Test
    void trickledHeadersNeitherDelayOthersNorHoldTheirConnectionPastTheDeadline() throws Exception {
        start(HttpSettings.plain(new NodeAddress("127.0.0.1", 0))
                .withBounds(64, Duration.ofSeconds(30), Duration.ofMillis(1500)));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Socket s = open();
            s.getOutputStream().write("GET /v1/members HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.add(s);
        }
        long worst = 0;
        for (int round = 0; round < 5; round++) {
            for (Socket s : slow) {
                try {
                    s.getOutputStream().write(("X-Trickle-" + round + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedByTheServer) {
                    // expected once the deadline passed
                }
            }
            worst = Math.max(worst, membersMillis());
            Await.until("a quarter second to pass", Duration.ofSeconds(2), sincePause(250));
        }
        assertTrue(worst < 2_000, "GET /v1/members answered within 2 s while 12 clients trickled, worst " + worst + " ms");
        Await.until("the trickling connections to be closed", Duration.ofSeconds(10),
                () -> server.slowRequestsClosed() >= 12, () -> "closed " + server.slowRequestsClosed());
        for (Socket s : slow) {
            assertEquals(-1, readToEnd(s), "the server closed the connection");
        }
    }

    @Test
    void aThousandIdleConnectionsDoNotSlowTheApiDown() throws Exception {
        start(HttpSettings.plain(new NodeAddress("127.0.0.1", 0)));
        for (int i = 0; i < 1_000; i++) {
            open();
        }
        long worst = 0;
        for (int i = 0; i < 10; i++) {
            worst = Math.max(worst, membersMillis());
        }
        assertTrue(worst < 1_000, "worst answer under 1,000 idle connections: " + worst + " ms");
    }

    @Test
    void pastTheConnectionBoundIdleConnectionsMakeRoom() throws Exception {
        start(HttpSettings.plain(new NodeAddress("127.0.0.1", 0)).withBounds(20, Duration.ofSeconds(30), Duration.ofSeconds(10)));
        for (int i = 0; i < 20; i++) {
            open();
        }
        long millis = membersMillis();
        assertTrue(millis < 4_000, "a request past the bound waited for an idle connection to close: " + millis + " ms");
    }

    private static java.util.function.BooleanSupplier sincePause(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        return () -> System.nanoTime() >= until;
    }

    private static int readToEnd(Socket s) throws IOException {
        s.setSoTimeout(5_000);
        InputStream in = s.getInputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                // a 408 or error page may come first
            }
            return b;
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }

    /** One malformed request per endpoint and kind of mistake. */
    private record Bad(String method, String path, String body, int status) {
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " with " + body.length() + " body bytes") + " -> " + status;
        }
    }

    @Test
    void everyEndpointAnswersMalformedRequestsWithA4xxAndAJsonError() throws Exception {
        start(HttpSettings.plain(new NodeAddress("127.0.0.1", 0)));
        String big = "x".repeat(70_000);
        List<Bad> cases = new ArrayList<>();
        String[][] endpoints = {{"GET", "/v1/members"}, {"GET", "/v1/kv"}, {"GET", "/v1/kv/k"}, {"PUT", "/v1/kv/k"},
                {"DELETE", "/v1/kv/k"}, {"GET", "/v1/health"}, {"GET", "/v1/health/live"}, {"GET", "/v1/health/ready"},
                {"GET", "/metrics"}, {"GET", "/v1/metrics"}, {"GET", "/v1/events"}, {"POST", "/v1/event/e"},
                {"POST", "/v1/query/q"}, {"GET", "/v1/services/s"}, {"GET", "/v1/keyring"}, {"POST", "/v1/keyring/install"},
                {"POST", "/v1/keyring/use"}, {"POST", "/v1/keyring/remove"}, {"POST", "/v1/keyring/encrypt-outgoing"},
                {"POST", "/v1/keyring/require-encrypted-incoming"},
                {"GET", "/v1/tags"}, {"PUT", "/v1/tags"}, {"DELETE", "/v1/tags"}, {"POST", "/v1/join"},
                {"POST", "/v1/force-leave/x"}, {"GET", "/v1/info"}, {"GET", "/v1/stream"}, {"POST", "/v1/leave"}};
        for (String[] e : endpoints) {
            cases.add(new Bad(e[0], e[1] + "?bogus=1", null, 400));
            cases.add(new Bad("PATCH", e[1], null, 405));
            boolean takesBody = e[0].equals("PUT") || e[1].startsWith("/v1/event/") || e[1].startsWith("/v1/query/")
                    || e[1].startsWith("/v1/keyring/");
            cases.add(new Bad(e[0], e[1], big, 413));
            if (!takesBody && !e[0].equals("GET")) {
                cases.add(new Bad(e[0], e[1], "unexpected", 413));
            }
        }
        cases.add(new Bad("GET", "/v1/kv/%C3%28", null, 400));
        cases.add(new Bad("POST", "/v1/event/", null, 400));
        cases.add(new Bad("GET", "/v1/members?status=sleeping", null, 400));
        cases.add(new Bad("GET", "/v1/members?name=%28", null, 400));
        cases.add(new Bad("GET", "/v1/events?since=yesterday", null, 400));
        cases.add(new Bad("GET", "/v1/stream?type=everything", null, 400));
        cases.add(new Bad("PUT", "/v1/tags", "{not json", 400));
        cases.add(new Bad("PUT", "/v1/tags", "{\"a\": 1}", 400));
        cases.add(new Bad("POST", "/v1/join?address=nowhere", null, 400));
        cases.add(new Bad("POST", "/v1/join", null, 400));
        cases.add(new Bad("DELETE", "/v1/tags", null, 400));
        cases.add(new Bad("POST", "/v1/force-leave/x?prune=maybe", null, 400));
        for (Bad c : cases) {
            HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(c.body());
            HttpResponse<String> r;
            try {
                r = http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + c.path()))
                        .timeout(Duration.ofSeconds(10)).method(c.method(), body).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new AssertionError(c + ": " + e, e);
            }
            assertEquals(c.status(), r.statusCode(), c + ": " + r.body());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0], c.toString());
            JsonNode error = JSON.readTree(r.body()).get("error");
            assertTrue(error != null && !error.asText().isBlank(), c + ": " + r.body());
            assertTrue(!r.body().contains("at io.") && !r.body().contains("Exception"), "no stack trace: " + r.body());
        }
    }

    @Test
    void requestsTheServerCannotParseGetJsonErrorsToo() throws Exception {
        start(HttpSettings.plain(new NodeAddress("127.0.0.1", 0)));
        for (String raw : List.of("GARBAGE\r\n\r\n", "GET /v1/members HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                "GET /v1/members HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n",
                "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /v1/event/e HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
                "GET /v1/kv/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /v1/members?x=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
            Socket s = open();
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(5_000);
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String statusLine = answer.lines().findFirst().orElse("");
            assertTrue(statusLine.matches("HTTP/1\\.[01] 4\\d\\d .*"), raw.substring(0, Math.min(20, raw.length()))
                    + " -> " + statusLine);
            assertTrue(answer.contains("application/json") && answer.contains("{\"error\":"), answer);
        }
    }

    /**
     * A refusal sent while the client is still sending its body must reach the client: closing with
     * unread bytes makes the kernel reset the connection, which discards the answer before it is read.
     */
    @Test
    void aRefusalReachesAClientThatSendsAModestBodyItDoesNotWant() throws Exception {
        start(HttpSettings.plain(new NodeAddress("127.0.0.1", 0)));
        byte[] body = new byte[70_000];
        for (int attempt = 0; attempt < 20; attempt++) {
            Socket s = open();
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("DELETE /v1/tags HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The body follows in pieces, as a client streams it: the server has decided before it all arrives.
            for (int sent = 0; sent < body.length; sent += 1_000) {
                out.write(body, sent, Math.min(1_000, body.length - sent));
                out.flush();
            }
            String answer = readAnswer(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), "attempt " + attempt + ": " + answer);
            // A client that may reuse the connection must find the server still reading it; else the
            // answer must say the connection closes, or the client's next request meets a closed socket.
            if (!answer.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n")) {
                out.write("GET /v1/members HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String next = readAnswer(s.getInputStream());
                assertTrue(next.startsWith("HTTP/1.1 200"), "attempt " + attempt + ", the request after the refusal on a "
                        + "connection not announced as closing: " + next + "\nafter: " + answer);
            }
        }
    }

    /** One answer with a Content-Length body, or what arrived before the connection ended. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) != -1) {
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(head);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
