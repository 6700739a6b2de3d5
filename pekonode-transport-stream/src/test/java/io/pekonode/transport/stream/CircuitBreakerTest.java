package io.pekonode.transport.stream;

import static io.pekonode.transport.stream.testing.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.transport.stream.testing.TestSupport;
import io.pekonode.transport.stream.testing.TestSupport.RecordingListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A peer that keeps refusing is not hammered, and is used again as soon as it listens again. */
class CircuitBreakerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TransportConfig config() {
        return TestSupport.config(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 16, 1 << 20, 1 << 20);
    }

    private static String failure(CompletableFuture<Void> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
        return e.getCause().getMessage();
    }

    @Test
    void theBreakerOpensAfterFailedConnectsFailsSendsFastAndClosesWhenThePeerListensAgain() throws Exception {
        TestSupport.RefusingPort refusing = TestSupport.RefusingPort.open();
        int port = refusing.port();
        NodeAddress peer = refusing.address();
        try (refusing; FramedStreamEndpoint a = FramedStreamEndpoint.open(config(), new InetSocketAddress("127.0.0.1", 0),
                new RecordingListener())) {
            for (int i = 0; i < CircuitBreakers.FAILURES_TO_OPEN; i++) {
                String message = failure(a.sendReliable(peer, "x".getBytes(StandardCharsets.UTF_8)));
                assertTrue(message.contains("cannot connect") || message.contains("connect failed"), message);
            }
            long connects = a.counters().connectsStarted();
            assertEquals(CircuitBreakers.FAILURES_TO_OPEN, connects);

            long started = System.nanoTime();
            String open = failure(a.sendReliable(peer, "y".getBytes(StandardCharsets.UTF_8)));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(open.contains("circuit open after 3 failed connects"), open);
            assertTrue(open.contains("127.0.0.1:" + port), "names the peer: " + open);
            assertEquals(connects, a.counters().connectsStarted(), "no connect while the circuit is open");
            assertTrue(millis < 1_000, "failed fast, in " + millis + " ms");

            // The peer comes back on the same port (bound while the refusing socket still holds it, so no
            // other process can take it in between): after the cooling period (0.5 s +-20 % for the first
            // opening) a trial connect goes through and closes the circuit.
            RecordingListener bIn = new RecordingListener();
            try (FramedStreamEndpoint b = FramedStreamEndpoint.open(config(), new InetSocketAddress("127.0.0.1", port), bIn)) {
                refusing.close();
                long back = System.nanoTime();
                await("a send to the returned peer succeeds", WAIT, () -> {
                    CompletableFuture<Void> f = a.sendReliable(peer, "z".getBytes(StandardCharsets.UTF_8));
                    try {
                        f.get(5, TimeUnit.SECONDS);
                        return true;
                    } catch (ExecutionException e) {
                        return false;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                long reconnectMillis = (System.nanoTime() - back) / 1_000_000;
                assertTrue(reconnectMillis < (long) (CircuitBreakers.INITIAL_COOL_MILLIS * 1.2) + 1_000,
                        "reconnected " + reconnectMillis + " ms after the peer came back");
                await("the frame arrives", WAIT, () -> !bIn.reliable().isEmpty());
                a.sendReliable(peer, "again".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            }
        }
    }
    @Test
    void breakerOpeningsAndFastFailsAreCountedAndReportedToTheListener() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (TestSupport.RefusingPort refusing = TestSupport.RefusingPort.open();
             FramedStreamEndpoint a = FramedStreamEndpoint.open(config(), new InetSocketAddress("127.0.0.1", 0), listener)) {
            NodeAddress peer = refusing.address();
            for (int i = 0; i < CircuitBreakers.FAILURES_TO_OPEN; i++) {
                failure(a.sendReliable(peer, "x".getBytes(StandardCharsets.UTF_8)));
            }
            assertEquals(1, a.counters().circuitsOpened());
            assertEquals(0, a.counters().circuitOpenFailures());

            failure(a.sendReliable(peer, "y".getBytes(StandardCharsets.UTF_8)));
            a.sendPacket(peer, "p".getBytes(StandardCharsets.UTF_8));
            // The loop counts the refusal, then the dropped packet: wait for both, or the second may not be
            // counted yet when the first is read.
            await("the packet was failed fast too", WAIT,
                    () -> a.counters().circuitOpenFailures() == 2 && a.counters().packetsDropped() >= 1);
            assertEquals(1, a.counters().circuitsOpened());
            assertEquals(1, a.counters().packetsDropped(), "a fast-failed packet is also a dropped packet");

            await("the listener heard of every loss", WAIT, () -> listener.reports().size() == 6);
            assertEquals(java.util.List.of("CONNECTION_REFUSED", "CONNECTION_REFUSED", "circuit opened", "CONNECTION_REFUSED",
                    "CIRCUIT_OPEN", "CIRCUIT_OPEN"), listener.reports(),
                    "each failed frame with its typed reason, and the opening between the third failure's cause and it");
            assertTrue(listener.rejected().isEmpty(), "send-side losses are not inbound rejections");
        }
    }
}
