package io.pekonode.agent.http;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.server.LocalConnector;

/**
 * Makes an agent's first answers warm: right after the API starts, a background thread asks it what
 * clients ask first (the members, a key, the event stream with one event of each kind on it).
 *
 * <p>Why: a JVM answers its first requests slowly, while it loads and interprets the code they run. A
 * fresh agent spent 70-100 ms of CPU opening its first event stream and 90-100 ms delivering the first
 * event on it, against 30-50 ms each once warm. Where many agents share a host and meet their first
 * event together (a fleet started at once, a test cluster on one machine), those seconds of CPU come
 * at once, starve the agents' probes, and live members get suspected. Warmed one by one as each agent
 * starts, the same CPU is spent while the host is quieter, and the first event costs what later ones do.
 *
 * <p>Nobody else sees it: the requests travel through Jetty over an in-memory connector that no
 * network peer can reach, to a router of endpoints that only read, without the token gate; they are
 * not timed or counted. The stream is served by a hub of its own that no node feeds, so the samples
 * published on it reach only this stream, and no stream meter or client count includes it.
 */
final class ApiWarmUp {

    private static final Logger LOG = LogManager.getLogger(ApiWarmUp.class);
    /** Each step's wait; on an overloaded host the warm-up gives up instead of holding a thread. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    /** A key no one writes: its lookup runs the key endpoint's read path to its "not found". */
    static final String ABSENT_KEY = "pekonode-warm-up";
    /** The name of the last sample event: once it is on the stream, every sample was written. */
    static final String LAST_SAMPLE = "pekonode-warm-up-last";
    private static final String REQUEST_TAIL = " HTTP/1.1\r\nHost: warm-up\r\n";

    private final LocalConnector connector;
    private final StreamHub hub;
    private final CompletableFuture<Boolean> finished = new CompletableFuture<>();

    ApiWarmUp(LocalConnector connector, StreamHub hub) {
        this.connector = connector;
        this.hub = hub;
    }

    /** Runs the warm-up on a daemon thread of its own and returns at once. */
    void startInBackground() {
        Thread t = new Thread(this::runQuietly, "pekonode-http-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Completes when the warm-up is over: true when every step was answered, false when it stopped early. */
    CompletableFuture<Boolean> finished() {
        return finished;
    }

    private void runQuietly() {
        boolean complete = false;
        try {
            run();
            complete = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Only a lost head start: real requests run the same code, just colder.
            LOG.debug("HTTP warm-up stopped early: {}", e.toString());
        } finally {
            hub.close();
            finished.complete(complete);
        }
    }

    /** The steps, in the order a client meets them; each waits for its answer. */
    private void run() throws Exception {
        get("/v1/members", 200);
        get(Router.KV_PREFIX + ABSENT_KEY, 404);
        streamSamples();
    }

    /** Asks for {@code path}; an answer other than {@code status} means the step ran another path than a client's. */
    private void get(String path, int status) throws Exception {
        String answer = connector.getResponse("GET " + path + REQUEST_TAIL + "Connection: close\r\n\r\n",
                STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (answer == null || !answer.startsWith("HTTP/1.1 " + status + " ")) {
            throw new IllegalStateException("GET " + path + " answered " + (answer == null ? "nothing within "
                    + STEP_TIMEOUT.toSeconds() + " s" : answer.lines().findFirst().orElse("")) + ", not " + status);
        }
    }

    /** Opens the stream, publishes one event of each kind on it, and waits until the last was written. */
    private void streamSamples() throws Exception {
        LocalConnector.LocalEndPoint stream = connector.executeRequest("GET " + EventStreamEndpoint.PATH + REQUEST_TAIL + "\r\n");
        try {
            StringBuilder seen = new StringBuilder();
            awaitOutput(stream, seen, ": connected");
            samples().forEach(hub::publish);
            awaitOutput(stream, seen, "\"name\":\"" + LAST_SAMPLE + "\"");
        } finally {
            stream.close();
        }
    }

    private static void awaitOutput(LocalConnector.LocalEndPoint stream, StringBuilder seen, String text)
            throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (seen.indexOf(text) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("the warm-up stream did not show '" + text + "' within "
                        + STEP_TIMEOUT.toSeconds() + " s");
            }
            ByteBuffer out = stream.waitForOutput(left, TimeUnit.NANOSECONDS);
            if (out != null) {
                seen.append(StandardCharsets.UTF_8.decode(out));
            }
        }
    }

    /** One event of each kind a stream carries; the user event comes last, so its arrival ends the step. */
    static List<ClusterEvent> samples() {
        byte[] text = ABSENT_KEY.getBytes(StandardCharsets.UTF_8);
        byte[] binary = {0, (byte) 0xff};
        Member self = new Member(ABSENT_KEY, ABSENT_KEY, new NodeAddress("127.0.0.1", 1), Map.of("role", "warm-up"),
                MemberState.ALIVE, 0);
        HlcTimestamp version = new HlcTimestamp(System.currentTimeMillis(), 0, self.id());
        return List.of(
                new ClusterEvent.MemberJoined(self),
                new ClusterEvent.MemberUpdated(self),
                new ClusterEvent.MetadataChanged(ABSENT_KEY, text, version),
                new ClusterEvent.MetadataChanged(ABSENT_KEY, binary, version),
                new ClusterEvent.QueryReceived(ABSENT_KEY, text, self.id(), 0),
                new ClusterEvent.UserEventReceived(ABSENT_KEY, binary, self.id(), 0, 1),
                new ClusterEvent.UserEventReceived(LAST_SAMPLE, text, self.id(), 0, 1));
    }
}
