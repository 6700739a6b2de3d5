package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, the health checks and the operations listener, on real agents. */
class MetricsAndHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ = "read r-0123456789abcdef";
    private final TestAgents agents = new TestAgents();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        agents.close();
    }

    private HttpResponse<String> get(String address, String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreValidPrometheusTextWithNodeJvmProcessAndTimerMeters() throws Exception {
        AgentNode a = agents.start("--name", "m-a", "--event-handler", "member-join=true",
                "--event-handler", "member-join=exit 3");
        AgentNode b = agents.start("--name", "m-b", "--join", TestAgents.gossip(a));
        Await.until("both see two members", Duration.ofSeconds(20), () -> a.cluster().liveMembers().size() == 2
                && b.cluster().liveMembers().size() == 2);
        PrometheusText[] scraped = new PrometheusText[1];
        Await.until("probe round trips and gossip queue delays to be timed, b's join handlers counted", Duration.ofSeconds(20), () -> {
            scraped[0] = scrape(a);
            return observed(scraped[0], "pekonode_probe_rtt_seconds") && observed(scraped[0], "pekonode_gossip_queue_delay_seconds")
                    && handlerCommands(scraped[0], "succeeded") == 1 && handlerCommands(scraped[0], "failed") == 1;
        });
        PrometheusText p = scraped[0];
        assertEquals("histogram", p.types().get("pekonode_probe_rtt_seconds"), "timers come with buckets");
        for (String family : new String[] {"pekonode_suspicion_to_dead_seconds", "pekonode_gossip_queue_delay_seconds",
                "pekonode_request_latency_seconds"}) {
            assertEquals("histogram", p.types().get(family), family);
        }
        assertTrue(p.samples("pekonode_members").stream().anyMatch(s -> "alive".equals(s.labels().get("state"))
                && s.value() == 2.0 && "m-a".equals(s.labels().get("node"))));
        for (String jvm : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_cpu_usage", "process_files_open_files", "process_uptime_seconds", "system_cpu_count"}) {
            assertTrue(p.has(jvm), jvm + " is exported");
        }
        assertTrue(p.types().containsKey("jvm_gc_pause_seconds") || p.has("jvm_gc_memory_allocated_bytes_total")
                || p.has("jvm_gc_max_data_size_bytes"), "GC meters are exported");
        // A request is timed once it was answered, so the earlier scrapes show up in a later one.
        Await.until("the HTTP server to time its requests", Duration.ofSeconds(10),
                () -> scrape(a).has("pekonode_http_requests_seconds_count"));
        assertEquals(2, handlerCommands(p, "started"));
        assertEquals(0, handlerCommands(p, "timed_out") + handlerCommands(p, "rejected"));
        assertTrue(p.has("pekonode_handler_queue_size"), "the handler queue's depth is exported");

        b.cluster().stop(); // b stops answering, as after a crash: a suspects it, then declares it dead
        Await.until("a to time b's suspicion until its death", Duration.ofSeconds(30),
                () -> observed(scrape(a), "pekonode_suspicion_to_dead_seconds"));
    }

    /** /metrics of the agent, parsed strictly. */
    private PrometheusText scrape(AgentNode agent) {
        try {
            HttpResponse<String> r = get(TestAgents.http(agent), "/metrics", null);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            return PrometheusText.parse(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double handlerCommands(PrometheusText p, String outcome) {
        return p.samples("pekonode_handler_commands_total").stream().filter(s -> outcome.equals(s.labels().get("outcome")))
                .mapToDouble(PrometheusText.Sample::value).sum();
    }

    /** Whether the histogram {@code family} has counted at least one duration. */
    private static boolean observed(PrometheusText p, String family) {
        return p.samples(family + "_count").stream().anyMatch(s -> s.value() > 0);
    }

    @Test
    void liveAndReadyAnswerWithReasonsAndTheOpsListenerNeedsNoToken(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), READ + "\n");
        // A seed nobody answers: the agent runs but has not joined.
        AgentNode lonely = agents.start("--name", "h-1", "--join", "127.0.0.1:1", "--api-token-file", tokens.toString(),
                "--ops-http", "127.0.0.1:0");
        String ops = lonely.opsAddress().orElseThrow().toString();

        HttpResponse<String> live = get(ops, "/v1/health/live", null);
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("ok", JSON.readTree(live.body()).get("status").asText());
        HttpResponse<String> ready = get(ops, "/v1/health/ready", null);
        assertEquals(503, ready.statusCode());
        JsonNode checks = JSON.readTree(ready.body()).get("checks");
        assertTrue(checks.get("joined").asText().contains("127.0.0.1:1"), ready.body());
        assertEquals("ok", checks.get("node").asText());
        assertEquals(200, get(ops, "/metrics", null).statusCode());
        assertEquals(404, get(ops, "/v1/members", null).statusCode(), "the ops listener serves nothing else");

        String api = TestAgents.http(lonely);
        assertEquals(401, get(api, "/v1/health/ready", null).statusCode(), "the API itself still wants a token");
        assertEquals(503, get(api, "/v1/health/ready", "r-0123456789abcdef").statusCode());

        AgentNode seed = agents.start("--name", "h-2");
        assertEquals(200, get(TestAgents.http(seed), "/v1/health/ready", null).statusCode(), "a cluster of one is ready");
        lonely.close();
        Await.until("the stopped agent to stop answering", Duration.ofSeconds(10), () -> {
            try {
                get(ops, "/v1/health/live", null);
                return false;
            } catch (java.io.IOException e) {
                return true;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
