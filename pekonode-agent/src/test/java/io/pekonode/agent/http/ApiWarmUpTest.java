package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.testkit.fake.FakeCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up of an agent's first answers: it runs every step although the API asks clients for a
 * token, and leaves nothing a client can see: no stream client, no timed request, no event, no key.
 */
class ApiWarmUpTest {

    private static final String TOKEN = "warm-up-test-token-0123";

    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        FakeCluster cluster = new FakeCluster(ClusterConfig.local().nodeName("warm").bind(new NodeAddress("127.0.0.1", 7000))
                .build(), "id");
        cluster.start();
        HttpSettings settings = HttpSettings.plain(new NodeAddress("127.0.0.1", 0))
                .withTokens(ApiTokens.parse("read " + TOKEN + "\n"));
        server = ApiServer.start(settings, cluster, JoinedControl.INSTANCE, 1024, 1024);
        assertTrue(server.warmUpFinished().get(30, TimeUnit.SECONDS),
                "the warm-up read the members and a key, and saw its samples on its stream");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + server.address() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void clientsStillNeedTheirToken() throws Exception {
        assertEquals(401, get("/v1/members", null).statusCode());
        assertEquals(401, get("/v1/stream", null).statusCode());
        assertEquals(401, get(Router.KV_PREFIX + ApiWarmUp.ABSENT_KEY, null).statusCode());
    }

    @Test
    void leavesNoStreamClientTimedRequestEventOrKeyBehind() throws Exception {
        assertEquals(0, server.streamClients(), "the warm-up's stream is closed, and was never counted");
        HttpResponse<String> metrics = get("/v1/metrics", TOKEN);
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertFalse(metrics.body().contains("pekonode.http.requests"),
                "no request was timed before this one: " + metrics.body());
        assertTrue(metrics.body().contains("pekonode.stream.clients"), "the body lists the agent's meters");

        HttpResponse<String> events = get("/v1/events", TOKEN);
        assertEquals(200, events.statusCode(), events.body());
        assertFalse(events.body().contains(ApiWarmUp.LAST_SAMPLE), "the samples reached no history: " + events.body());
        HttpResponse<String> keys = get("/v1/kv", TOKEN);
        assertEquals(200, keys.statusCode(), keys.body());
        assertFalse(keys.body().contains(ApiWarmUp.ABSENT_KEY), "nothing was written: " + keys.body());
    }
}
