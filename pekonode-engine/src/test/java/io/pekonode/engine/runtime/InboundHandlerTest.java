package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.engine.frame.ChecksumFrames;
import io.pekonode.engine.metrics.DropReason;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.plugin.PluginKind;
import io.pekonode.engine.plugin.PluginLocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Untrusted input is parsed on the transport thread; only valid messages reach the loop, the rest is counted. */
class InboundHandlerTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 9);

    private final ChecksumFrames frames = new ChecksumFrames();
    private final Codec codec = PluginLocator.standard().select(PluginKind.CODEC, "json", List.of())
            .create(io.pekonode.api.spi.codec.DecodeLimits.defaults());
    private final EngineMetrics metrics = new EngineMetrics();
    private final Mailbox mailbox = new Mailbox(2);
    private final InboundHandler handler = new InboundHandler(frames, codec, mailbox, metrics);
    private final Nack valid = new Nack(new Origin("n1", new NodeAddress("10.0.0.1", 7946)), 7);

    @Test
    void validMessagesAreQueuedForTheLoopAndCounted() {
        byte[] frame = frames.seal(codec.encode(valid));
        handler.onPacket(frame, PEER);
        Inbound in = mailbox.pollMessage();
        assertNotNull(in);
        assertEquals(valid, in.message());
        assertEquals(frame.length, in.frameBytes());
        assertEquals(1, metrics.messagesIn("Nack"));
    }

    @Test
    void garbageIsDroppedByReasonAndNeverQueued() {
        handler.onPacket("hello, world".getBytes(StandardCharsets.UTF_8), PEER);
        handler.onPacket(new byte[3], PEER);
        handler.onReliable(frames.seal("{not json".getBytes(StandardCharsets.UTF_8)), PEER);
        byte[] corrupted = frames.seal(codec.encode(valid));
        corrupted[corrupted.length - 2] ^= 0x20;
        handler.onPacket(corrupted, PEER);
        handler.onRejected(RejectReason.FRAME_TOO_LARGE, "frame too large: 4266578405 bytes declared, limit 8388608", PEER);

        assertNull(mailbox.pollMessage());
        assertEquals(1, metrics.droppedCount("frame_bad_magic"));
        assertEquals(1, metrics.droppedCount("frame_short"));
        assertEquals(1, metrics.droppedCount("frame_bad_checksum"));
        assertEquals(1, metrics.droppedCount("transport_frame_too_large"));
        long decodeDrops = metrics.droppedByReason().entrySet().stream()
                .filter(e -> e.getKey().startsWith("decode_")).mapToLong(e -> e.getValue()).sum();
        assertEquals(1, decodeDrops, metrics.droppedByReason().toString());
    }

    @Test
    void aFullQueueDropsInsteadOfBlockingTheTransportThread() {
        byte[] frame = frames.seal(codec.encode(valid));
        for (int i = 0; i < 5; i++) {
            handler.onPacket(frame, PEER);
        }
        assertEquals(2, mailbox.pendingMessages());
        assertEquals(3, metrics.droppedCount(DropReason.QUEUE_FULL));
    }

    @Test
    void sendSideDropsOfTheTransportAreCountedByReason() {
        NodeAddress peer = new NodeAddress("10.0.0.9", 7946);
        handler.onSendDropped(SendDropReason.QUEUE_FULL, peer, "send queue full (limit 16777216 bytes)");
        handler.onSendDropped(SendDropReason.QUEUE_FULL, peer, "");
        handler.onSendDropped(SendDropReason.UNRESOLVED_HOST, new NodeAddress("gone.invalid", 7946), "no such host");
        handler.onSendDropped(SendDropReason.CIRCUIT_OPEN, peer, "circuit open after 3 failed connects");
        handler.onCircuitOpened(PEER);

        assertEquals(2, metrics.droppedCount("transport_send_queue_full"));
        assertEquals(1, metrics.droppedCount("transport_send_unresolved_host"));
        assertEquals(1, metrics.droppedCount(DropReason.CIRCUIT_OPEN));
        assertEquals(1, metrics.droppedCount(DropReason.CIRCUIT_OPENED));
        assertNull(mailbox.pollMessage());
    }
}
