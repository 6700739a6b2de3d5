package io.pekonode.engine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.NodeClosedException;
import io.pekonode.api.NodeLifecycleException;
import io.pekonode.api.NodeOverloadedException;
import io.pekonode.api.NodeTimeoutException;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.api.spi.transport.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The local node's own failures reach callers as typed {@link NodeLifecycleException}s. */
class LifecycleExceptionsTest {

    private static final NodeAddress SELF = new NodeAddress("127.0.0.1", 7946);
    private static final NodeAddress SEED = new NodeAddress("127.0.0.1", 7947);
    /** Commands the event loop's mailbox holds before it refuses more (its fixed bound). */
    private static final int MAILBOX_COMMANDS = 10_000;

    /** A transport whose sends block the calling thread (the event loop) until released. */
    private static final class GatedTransport implements Transport, TransportProvider {
        final CountDownLatch sending = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public Transport create(TransportConfig config) {
            return this;
        }

        @Override
        public void start(TransportListener listener) {
        }

        @Override
        public NodeAddress localAddress() {
            return SELF;
        }

        @Override
        public int maxPacketSize() {
            return 1400;
        }

        private void hold() {
            sending.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void sendPacket(NodeAddress to, byte[] packet) {
            hold();
        }

        @Override
        public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
            hold();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    private static PekoNode node(GatedTransport transport, Duration commandTimeout) {
        return PekoNode.builder(TestClusters.fast().transport("gated").bind(SELF)
                        .lifecycle(lc -> lc.commandTimeout(commandTimeout).closeLeaveTimeout(Duration.ZERO)).build())
                .transportProvider(transport).build();
    }

    /** Starts {@code node} and stalls its event loop in a send to a seed. */
    private static void stallLoop(PekoNode node, GatedTransport transport) throws InterruptedException {
        node.start();
        node.join(List.of(SEED));
        assertTrue(transport.sending.await(10, TimeUnit.SECONDS), "the loop sent to the seed");
    }

    @Test
    void callsOnAClosedNodeFailWithNodeClosedException() {
        PekoNode node = node(new GatedTransport(), Duration.ofSeconds(10));
        node.start();
        node.close();

        NodeClosedException write = assertThrows(NodeClosedException.class, () -> node.publish("k", new byte[1]));
        assertEquals("node " + node.name() + " is closed", write.getMessage());
        assertThrows(NodeClosedException.class, node::start, "a closed node cannot be started again");
        ExecutionException join = assertThrows(ExecutionException.class, () -> node.join(List.of()).get(5, SECONDS));
        assertInstanceOf(NodeClosedException.class, join.getCause());
        ExecutionException leave = assertThrows(ExecutionException.class,
                () -> node.leave(Duration.ofSeconds(1)).get(5, SECONDS));
        assertInstanceOf(NodeClosedException.class, leave.getCause());
    }

    @Test
    void aBlockingCallTheLoopDoesNotTakeInTimeFailsWithNodeTimeoutExceptionAndIsNotAppliedLater() throws Exception {
        GatedTransport transport = new GatedTransport();
        try (PekoNode node = node(transport, Duration.ofMillis(200))) {
            stallLoop(node, transport);

            NodeTimeoutException e = assertThrows(NodeTimeoutException.class, () -> node.publish("late", new byte[1]));
            assertTrue(e.getMessage().contains("did not answer within"), e.getMessage());

            transport.release.countDown();
            node.publish("after", new byte[1]); // the loop turns again
            assertEquals(Optional.empty(), node.read("late"), "a write its caller was told failed is never applied");
        }
    }

    @Test
    void commandsBeyondTheMailboxBoundFailWithNodeOverloadedException() throws Exception {
        GatedTransport transport = new GatedTransport();
        try (PekoNode node = node(transport, Duration.ofSeconds(10))) {
            stallLoop(node, transport);
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < MAILBOX_COMMANDS; i++) {
                waiting.add(node.join(List.of()));
            }

            ExecutionException e = assertThrows(ExecutionException.class, () -> node.join(List.of()).get(5, SECONDS));
            NodeLifecycleException refused = assertInstanceOf(NodeOverloadedException.class, e.getCause());
            assertTrue(refused.getMessage().contains("is overloaded"), refused.getMessage());
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "the queued commands still wait");
            transport.release.countDown();
        }
    }
}
