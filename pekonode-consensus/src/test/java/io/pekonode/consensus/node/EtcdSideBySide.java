package io.pekonode.consensus.node;

import com.sun.net.httpserver.HttpServer;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.consensus.Consensus;
import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.http.ConsensusHttpApi;
import io.pekonode.engine.PekoNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Put and compare-and-set latency and leader fail-over of the consensus module beside etcd, on one
 * machine, both with 3 voters on 127.0.0.1 and both driven over HTTP by the same Java client: PekoNode
 * through {@link ConsensusHttpApi} on the JDK's HTTP server, etcd through its JSON gateway. Both fsync
 * their logs; both use a 100 ms heartbeat and a 1 s election timeout. Not a test: run it by hand
 * (see BENCHMARKS.md). Argument: operations per measurement (default 1000).
 */
public final class EtcdSideBySide {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int CONCURRENCY = 16;
    /** Puts and compare-and-sets, each, before the measurements. */
    private static final int WARMUP = 1000;

    /** What a system under test offers: put, compare-and-set on a version, and where its leader is. */
    interface Target {
        /** @return the new version */
        long put(String key, String value) throws Exception;

        /** @return the new version, or -1 when the key was not at {@code version} */
        long cas(String key, long version, String value) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        // As the agent does: without it the JDK server holds every answer on a kept-alive connection ~40 ms (Nagle).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path dir = Files.createTempDirectory("consensus-vs-etcd");
        System.out.println("operations per measurement: " + ops + ", concurrency " + CONCURRENCY);
        pekonode(dir.resolve("pekonode"), ops);
        etcd(dir.resolve("etcd"), ops);
        // The HTTP servers' and nodes' remaining threads must not keep the run alive.
        System.exit(0);
    }

    // ---- PekoNode ----

    private static void pekonode(Path dir, int ops) throws Exception {
        List<PekoNode> nodes = new ArrayList<>();
        List<Consensus> modules = new ArrayList<>();
        List<HttpServer> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PekoNode node = PekoNode.builder(ClusterConfig.lan().nodeName("p" + i)
                    .bind(new NodeAddress("127.0.0.1", 27946 + i)).build()).build();
            node.start();
            if (i > 0) {
                node.join(List.of(nodes.get(0).advertiseAddress())).get();
            }
            nodes.add(node);
        }
        for (int i = 0; i < 3; i++) {
            Consensus c = Consensus.start(nodes.get(i), ConsensusConfig.builder().voter(true).expectedVoters(3)
                    .dataDirectory(dir.resolve("p" + i)).build());
            modules.add(c);
            ConsensusHttpApi api = new ConsensusHttpApi(c);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 28500 + i), 0);
            server.createContext(ConsensusHttpApi.PREFIX, exchange -> {
                try (exchange) {
                    String rest = exchange.getRequestURI().getRawPath().substring(ConsensusHttpApi.PREFIX.length());
                    ConsensusHttpApi.Answer a = api.handle(exchange.getRequestMethod(), rest,
                            exchange.getRequestURI().getRawQuery(), exchange.getRequestBody().readAllBytes());
                    exchange.getResponseHeaders().set("Content-Type", a.contentType());
                    byte[] body = a.body();
                    exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(CONCURRENCY));
            server.start();
            servers.add(server);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (modules.stream().noneMatch(Consensus::isLeader)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no PekoNode leader");
            }
            Thread.sleep(20);
        }
        int leader = indexOfLeader(modules);
        String base = "http://127.0.0.1:" + (28500 + leader) + ConsensusHttpApi.PREFIX + "kv/";
        Target target = new Target() {
            @Override
            public long put(String key, String value) throws Exception {
                return version(send(HttpRequest.newBuilder(URI.create(base + key))
                        .PUT(HttpRequest.BodyPublishers.ofString(value))));
            }

            @Override
            public long cas(String key, long version, String value) throws Exception {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + key + "?cas=" + version))
                        .PUT(HttpRequest.BodyPublishers.ofString(value)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 409 ? -1 : version(r.body());
            }
        };
        measure("pekonode", target, ops);
        // Fail-over: the leader's Raft member stops at once (as kill -9 would stop it). Leadership may have
        // moved during the measurements, so look again.
        leader = indexOfLeader(modules);
        long start = System.nanoTime();
        modules.get(leader).close();
        while (true) {
            boolean elected = false;
            for (int i = 0; i < 3; i++) {
                elected |= i != leader && modules.get(i).isLeader();
            }
            if (elected) {
                break;
            }
            Thread.sleep(1);
        }
        System.out.printf("pekonode failover: new leader after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        servers.forEach(s -> s.stop(0));
        modules.forEach(Consensus::close);
        nodes.forEach(PekoNode::close);
    }

    private static int indexOfLeader(List<Consensus> modules) {
        for (int i = 0; i < modules.size(); i++) {
            if (modules.get(i).isLeader()) {
                return i;
            }
        }
        return -1;
    }

    // ---- etcd ----

    private static void etcd(Path dir, int ops) throws Exception {
        String cluster = "e0=http://127.0.0.1:23800,e1=http://127.0.0.1:23801,e2=http://127.0.0.1:23802";
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Files.createDirectories(dir);
            processes.add(new ProcessBuilder("etcd", "--name", "e" + i, "--data-dir", dir.resolve("e" + i).toString(),
                    "--listen-client-urls", "http://127.0.0.1:2379" + i, "--advertise-client-urls",
                    "http://127.0.0.1:2379" + i, "--listen-peer-urls", "http://127.0.0.1:2380" + i,
                    "--initial-advertise-peer-urls", "http://127.0.0.1:2380" + i, "--initial-cluster", cluster,
                    "--initial-cluster-state", "new", "--initial-cluster-token", "bench",
                    "--heartbeat-interval", "100", "--election-timeout", "1000")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("e" + i + ".log").toFile()).start());
        }
        try {
            int leader = -1;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (leader < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no etcd leader");
                }
                Thread.sleep(50);
                leader = etcdLeader(List.of(0, 1, 2));
            }
            String base = "http://127.0.0.1:2379" + leader + "/v3/kv/";
            Target target = new Target() {
                @Override
                public long put(String key, String value) throws Exception {
                    String body = "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}";
                    return revision(send(HttpRequest.newBuilder(URI.create(base + "put"))
                            .POST(HttpRequest.BodyPublishers.ofString(body))));
                }

                @Override
                public long cas(String key, long version, String value) throws Exception {
                    String body = "{\"compare\":[{\"key\":\"" + b64(key) + "\",\"target\":\"MOD\",\"result\":\"EQUAL\","
                            + "\"mod_revision\":\"" + version + "\"}],\"success\":[{\"request_put\":{\"key\":\""
                            + b64(key) + "\",\"value\":\"" + b64(value) + "\"}}]}";
                    String answer = send(HttpRequest.newBuilder(URI.create(base + "txn"))
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
                    return answer.contains("\"succeeded\":true") ? revision(answer) : -1;
                }
            };
            measure("etcd", target, ops);
            leader = etcdLeader(List.of(0, 1, 2));
            long start = System.nanoTime();
            processes.get(leader).destroyForcibly(); // SIGKILL
            List<Integer> rest = new ArrayList<>(List.of(0, 1, 2));
            rest.remove(Integer.valueOf(leader));
            while (true) {
                int now = etcdLeader(rest);
                if (now >= 0 && now != leader) {
                    break;
                }
                Thread.sleep(1);
            }
            System.out.printf("etcd failover: new leader after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    /** The index of the member that is leader, asked of {@code members}; -1 while none is known. */
    private static int etcdLeader(List<Integer> members) {
        for (int i : members) {
            try {
                String status = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:2379" + i
                        + "/v3/maintenance/status")).timeout(Duration.ofMillis(200)).POST(HttpRequest.BodyPublishers.ofString("{}")));
                String self = field(status, "member_id");
                String leader = field(status, "leader");
                if (leader != null && !leader.equals("0")) {
                    if (leader.equals(self)) {
                        return i;
                    }
                    for (int j : members) {
                        String other = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:2379" + j
                                + "/v3/maintenance/status")).timeout(Duration.ofMillis(200))
                                .POST(HttpRequest.BodyPublishers.ofString("{}")));
                        if (leader.equals(field(other, "member_id"))) {
                            return j;
                        }
                    }
                }
            } catch (Exception e) {
                // not up yet, or the one killed
            }
        }
        return -1;
    }

    // ---- measuring ----

    private static void measure(String name, Target target, int ops) throws Exception {
        // Both get the same warm-up; the JVM needs it to compile the hot path, which 200 puts did not finish
        // (the first sequential row then measured the compiler as much as the system).
        long warm = target.put("warmup-cas", "w");
        for (int i = 0; i < WARMUP; i++) {
            target.put("warmup" + (i % 10), "w");
            warm = target.cas("warmup-cas", warm, "w" + i);
        }
        long[] put = new long[ops];
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            long s = System.nanoTime();
            target.put("seq" + (i % 100), "value-" + i);
            put[i] = System.nanoTime() - s;
        }
        report(name, "put, sequential", put, System.nanoTime() - t0);

        long version = target.put("cas", "start");
        long[] cas = new long[ops];
        t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            long s = System.nanoTime();
            version = target.cas("cas", version, "value-" + i);
            cas[i] = System.nanoTime() - s;
            if (version < 0) {
                throw new IllegalStateException(name + ": a sequential compare-and-set lost");
            }
        }
        report(name, "cas, sequential", cas, System.nanoTime() - t0);

        concurrent(name, "put, 16 clients", ops, (c, i) -> target.put("con" + c, "value-" + i));
        long[] versions = new long[CONCURRENCY];
        for (int c = 0; c < CONCURRENCY; c++) {
            versions[c] = target.put("ccas" + c, "start");
        }
        concurrent(name, "cas, 16 clients", ops, (c, i) -> {
            versions[c] = target.cas("ccas" + c, versions[c], "value-" + i);
            if (versions[c] < 0) {
                throw new IllegalStateException("a compare-and-set on a key of one client lost");
            }
            return versions[c];
        });
    }

    interface Op {
        long run(int client, int i) throws Exception;
    }

    private static void concurrent(String name, String what, int ops, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        long[] lat = new long[ops];
        int per = ops / CONCURRENCY;
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CONCURRENCY; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                for (int i = 0; i < per; i++) {
                    long s = System.nanoTime();
                    op.run(client, i);
                    lat[client * per + i] = System.nanoTime() - s;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long total = System.nanoTime() - t0;
        pool.shutdown();
        report(name, what, Arrays.copyOf(lat, per * CONCURRENCY), total);
    }

    private static void report(String name, String what, long[] nanos, long totalNanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double p50 = sorted[sorted.length / 2] / 1e6;
        double p99 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
        double perSecond = sorted.length / (totalNanos / 1e9);
        System.out.printf("%-9s %-17s %7.0f ops/s   p50 %6.2f ms   p99 %6.2f ms%n", name, what, perSecond, p50, p99);
    }

    // ---- small helpers ----

    private static String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static long version(HttpResponse<String> r) throws IOException {
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return version(r.body());
    }

    private static long version(String json) {
        return Long.parseLong(field(json, "version"));
    }

    private static long revision(String json) {
        return Long.parseLong(field(json, "revision"));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?(\\d+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
