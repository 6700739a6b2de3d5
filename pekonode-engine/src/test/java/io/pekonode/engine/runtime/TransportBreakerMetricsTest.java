package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.engine.Await;
import io.pekonode.engine.frame.ChecksumFrames;
import io.pekonode.engine.metrics.DropReason;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.plugin.PluginKind;
import io.pekonode.engine.plugin.PluginLocator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The TCP plugin's send-side losses reach the node's drop meter through the transport SPI
 * ({@code onSendDropped}, {@code onCircuitOpened}): failed connects, breaker openings and fast-failed
 * frames each have their own reason.
 */
class TransportBreakerMetricsTest {

    @Test
    void breakerReasonsAreRegisteredAtZero() {
        EngineMetrics metrics = new EngineMetrics();
        assertEquals(0L, metrics.droppedByReason().get(DropReason.CIRCUIT_OPEN));
        assertEquals(0L, metrics.droppedByReason().get(DropReason.CIRCUIT_OPENED));
    }

    @Test
    void aPeerThatKeepsRefusingShowsAsAnOpenedCircuitAndFastFailedFrames() throws Exception {
        SocketChannel refusing = refusingSocket();
        SocketChannel otherRefusing = refusingSocket();
        NodeAddress peer = addressOf(refusing);
        EngineMetrics metrics = new EngineMetrics();
        Codec codec = PluginLocator.standard().select(PluginKind.CODEC, "json", List.of()).create(DecodeLimits.defaults());
        InboundHandler inbound = new InboundHandler(new ChecksumFrames(), codec, new Mailbox(16), metrics);
        Transport tcp = PluginLocator.standard().select(PluginKind.TRANSPORT, "tcp", List.of())
                .create(TransportConfig.defaults(new NodeAddress("127.0.0.1", 0)));
        try {
            tcp.start(inbound);
            for (int i = 0; i < 4; i++) { // three failed connects open the breaker; the fourth fails fast
                byte[] frame = {1, 2, 3};
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> tcp.sendReliable(peer, frame).get(10, TimeUnit.SECONDS));
                if (i == 3) {
                    assertTrue(failed.getCause().getMessage().contains("circuit open"), failed.getCause().getMessage());
                }
            }
            Await.until(Duration.ofSeconds(5), () -> metrics.droppedCount(DropReason.CIRCUIT_OPEN) == 1,
                    () -> metrics.droppedByReason().toString());
            assertEquals(1, metrics.droppedCount(DropReason.CIRCUIT_OPENED), metrics.droppedByReason().toString());
            assertEquals(3, metrics.droppedCount(DropReason.of(SendDropReason.CONNECTION_REFUSED)),
                    metrics.droppedByReason().toString());

            // A packet is dropped silently for the caller, but not for the meter (another closed port,
            // so no breaker is involved).
            NodeAddress otherPeer = addressOf(otherRefusing);
            tcp.sendPacket(otherPeer, new byte[] {4});
            Await.until(Duration.ofSeconds(5),
                    () -> metrics.droppedCount(DropReason.of(SendDropReason.CONNECTION_REFUSED)) == 4,
                    () -> metrics.droppedByReason().toString());
        } finally {
            tcp.close();
            refusing.close();
            otherRefusing.close();
        }
    }

    /**
     * A TCP socket bound to a port on 127.0.0.1 and never listening: connects to it are refused for as
     * long as it is open, and no other process can take the port meanwhile.
     */
    private static SocketChannel refusingSocket() throws IOException {
        SocketChannel socket = SocketChannel.open();
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        return socket;
    }

    private static NodeAddress addressOf(SocketChannel socket) throws IOException {
        return new NodeAddress("127.0.0.1", ((InetSocketAddress) socket.getLocalAddress()).getPort());
    }
}
