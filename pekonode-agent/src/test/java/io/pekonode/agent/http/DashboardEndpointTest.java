package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.testkit.fake.FakeCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's files over real HTTP: served without a token, nothing else is, and nothing outside them. */
class DashboardEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServer server;

    private static final AgentControl CONTROL = JoinedControl.INSTANCE;

    @BeforeEach
    void start() {
        FakeCluster cluster = new FakeCluster(ClusterConfig.local().nodeName("ui").bind(new NodeAddress("127.0.0.1", 7000)).build(), "id");
        HttpSettings settings = HttpSettings.plain(new NodeAddress("127.0.0.1", 0))
                .withTokens(ApiTokens.parse("read dashboard-test-token-0123\n"));
        server = ApiServer.start(settings, cluster, CONTROL, 1024, 1024);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndItsScriptsLoadWithoutATokenButTheApiStillNeedsOne() throws Exception {
        for (String path : List.of("/ui/", "/ui", "/ui/index.html")) {
            HttpResponse<String> page = get(path);
            assertEquals(200, page.statusCode(), path);
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
            assertTrue(page.body().contains("<base href=\"/ui/\">"), "relative links work from /ui too");
            assertTrue(page.body().contains("Content-Security-Policy"), "only the agent's own scripts may run");
        }
        HttpResponse<String> main = get("/ui/js/main.js");
        assertEquals(200, main.statusCode());
        assertEquals("text/javascript; charset=utf-8", main.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> charts = get("/ui/vendor/uplot/uPlot.iife.min.js");
        assertEquals(200, charts.statusCode(), "the vendored chart library is in the jar");
        assertTrue(charts.body().contains("uPlot"));
        assertEquals(200, get("/ui/vendor/uplot/uPlot.min.css").statusCode());

        assertEquals(401, get("/v1/members").statusCode(), "the data still needs the token");
    }

    @Test
    void namesOutsideTheDashboardsFilesAreNotFound() throws Exception {
        for (String path : List.of("/ui/nope.js", "/ui/%2e%2e/module-info.class", "/ui/..%2fhttp/ApiServer.class",
                "/ui/js/../../DashboardAssets.class", "/ui/vendor/uplot/LICENSE", "/ui/js/")) {
            HttpResponse<String> response = get(path);
            assertTrue(response.statusCode() == 404 || response.statusCode() == 400, path + ": " + response.statusCode());
            assertTrue(response.body().startsWith("{\"error\""), path + ": a JSON error, " + response.body());
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + "/ui/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }
}
