package io.pekonode.agent.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.testing.Await;
import io.pekonode.testkit.fake.FakeCluster;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SELF = "5e1f0000000000000001";

    @TempDir
    Path dir;

    private final FakeCluster cluster = new FakeCluster(
            ClusterConfig.lan().nodeName("self").bind(new NodeAddress("127.0.0.1", 7000)).build(), SELF);
    private Handlers handlers;

    @AfterEach
    void close() {
        if (handlers != null) {
            handlers.close();
        }
    }

    private Handlers start(List<HandlerSpec> events, List<HandlerSpec> queries, Duration timeout, int concurrency,
                           int queue) {
        handlers = Handlers.start(cluster, events, queries, new CommandRunner(timeout, 64 * 1024), concurrency, queue);
        return handlers;
    }

    private String read(String file) throws IOException {
        Path p = dir.resolve(file);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    private static ClusterEvent.UserEventReceived event(String name, String payload, long ltime) {
        return new ClusterEvent.UserEventReceived(name, payload.getBytes(StandardCharsets.UTF_8), "origin-1", ltime, 0);
    }

    @Test
    void eventHandlersGetThePayloadAndEnvironmentAndOnlyTheirEvents() throws Exception {
        start(List.of(HandlerSpec.parse("deploy=cat > " + dir.resolve("deploy.out")
                        + "; echo \"$PEKONODE_EVENT $PEKONODE_ORIGIN $PEKONODE_LTIME $PEKONODE_SELF_NAME\" > " + dir.resolve("deploy.env")),
                HandlerSpec.parse("*=echo \"$PEKONODE_EVENT\" >> " + dir.resolve("all.log"))),
                List.of(), Duration.ofSeconds(10), 1, 16);

        cluster.emit(event("deploy", "v1.2.3", 7));
        cluster.emit(event("restart", "x", 8));
        cluster.emit(new ClusterEvent.MetadataChanged("k", null, new io.pekonode.api.HlcTimestamp(1, 0, "n")));

        Await.until("three commands to finish", WAIT, () -> handlers.stats().succeeded() == 3, () -> handlers.stats().toString());
        assertEquals("v1.2.3", read("deploy.out"));
        assertEquals("deploy origin-1 7 self\n", read("deploy.env"));
        assertEquals("deploy\nrestart\n", read("all.log"), "* sees every user event, in order with one slot");
        assertEquals(new HandlerStats(3, 3, 0, 0, 0), handlers.stats());
    }

    @Test
    void aFailingOrHangingHandlerIsCountedAndTheNextOneStillRuns() throws Exception {
        start(List.of(HandlerSpec.parse("boom=exit 7"), HandlerSpec.parse("hang=sleep 30"),
                        HandlerSpec.parse("ok=touch " + dir.resolve("ok"))),
                List.of(), Duration.ofMillis(300), 2, 16);
        cluster.emit(event("boom", "", 1));
        cluster.emit(event("hang", "", 2));
        cluster.emit(event("ok", "", 3));
        Await.until("every command to end", WAIT, () -> handlers.stats().started() == 3 && handlers.idle(),
                () -> handlers.stats().toString());
        assertEquals(new HandlerStats(3, 1, 1, 1, 0), handlers.stats());
        assertTrue(Files.exists(dir.resolve("ok")));
    }

    @Test
    void concurrencyIsBoundedAndTheOverflowIsDroppedAndCounted() throws Exception {
        Path go = dir.resolve("go");
        // Each command marks itself running, then blocks until the test lets it go.
        start(List.of(HandlerSpec.parse("storm=touch " + dir.resolve("running.") + "$$; while [ ! -f " + go
                + " ]; do sleep 0.02; done")), List.of(), Duration.ofSeconds(20), 2, 1);
        for (int i = 1; i <= 10; i++) {
            cluster.emit(event("storm", "", i));
        }
        // Two run, one waits in the queue, seven are dropped: no fork bomb.
        assertEquals(7, handlers.stats().rejected());
        Await.until("two commands running", WAIT, () -> running() == 2);
        assertEquals(2, handlers.stats().started(), "the queued one waits for a slot");
        Files.createFile(go);
        Await.until("the three accepted commands to finish", WAIT, () -> handlers.stats().succeeded() == 3,
                () -> handlers.stats().toString());
        assertEquals(3, running());
        assertEquals(new HandlerStats(3, 3, 0, 0, 7), handlers.stats());
    }

    private long running() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("running.")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aQueryHandlersStdoutIsTheResponse() throws Exception {
        start(List.of(), List.of(HandlerSpec.parse("whoami=printf '%s:' \"$PEKONODE_QUERY\" \"$PEKONODE_ORIGIN\"; cat")),
                Duration.ofSeconds(10), 2, 4);
        assertTrue(cluster.hasHandler("whoami"));
        QueryResult result = cluster.query("whoami", "ping".getBytes(StandardCharsets.UTF_8), QueryOptions.defaults())
                .get(10, TimeUnit.SECONDS);
        assertEquals(1, result.responses().size());
        assertEquals("whoami:" + SELF + ":ping", new String(result.responses().get(0).payload(), StandardCharsets.UTF_8));
    }

    @Test
    void aFailingQueryHandlerAcksWithoutResponding() throws Exception {
        start(List.of(), List.of(HandlerSpec.parse("broken=echo partial; exit 1")), Duration.ofSeconds(10), 1, 4);
        QueryResult result = cluster.query("broken", new byte[0], QueryOptions.defaults()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), result.responses());
        assertEquals(java.util.Set.of(SELF), result.acks());
        assertEquals(1, handlers.stats().failed());
    }

    @Test
    void closingUnregistersQueryHandlers() {
        start(List.of(), List.of(HandlerSpec.parse("q=echo")), Duration.ofSeconds(1), 1, 1).close();
        assertTrue(!cluster.hasHandler("q"));
    }

    @Test
    void wildcardOrDuplicateQueryHandlersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Handlers.checkQueryHandlers(List.of(HandlerSpec.parse("*=echo"))));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Handlers.checkQueryHandlers(
                List.of(HandlerSpec.parse("q=echo a"), HandlerSpec.parse("q=echo b"))));
        assertTrue(dup.getMessage().contains("two --query-handler flags for query 'q'"), dup.getMessage());
    }

    @Test
    void handlerSpecsSplitAtTheFirstEquals() {
        assertEquals(new HandlerSpec("deploy", "env A=B ./run.sh"), HandlerSpec.parse("deploy=env A=B ./run.sh"));
        assertThrows(IllegalArgumentException.class, () -> HandlerSpec.parse("no-command="));
        assertThrows(IllegalArgumentException.class, () -> HandlerSpec.parse("=cmd"));
        assertThrows(IllegalArgumentException.class, () -> HandlerSpec.parse("just-a-name"));
    }
}
