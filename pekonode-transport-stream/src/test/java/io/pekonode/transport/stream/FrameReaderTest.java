package io.pekonode.transport.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.spi.transport.RejectReason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private final List<byte[]> frames = new ArrayList<>();
    private final List<Byte> types = new ArrayList<>();
    private final FrameReader.Sink sink = (type, payload) -> {
        types.add(type);
        frames.add(payload);
    };

    private static ByteBuffer frame(byte type, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(5 + payload.length);
        buffer.putInt(payload.length).put(type).put(payload).flip();
        return buffer;
    }

    @Test
    void reassemblesFramesFedOneByteAtATime() {
        FrameReader reader = new FrameReader(1024);
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        ByteBuffer bytes = frame(Frames.RELIABLE, payload);
        while (bytes.hasRemaining()) {
            assertTrue(reader.consume(ByteBuffer.wrap(new byte[] {bytes.get()}), sink) >= 0);
        }
        assertEquals(1, frames.size());
        assertArrayEquals(payload, frames.get(0));
        assertFalse(reader.inFrame());
    }

    @Test
    void handlesSeveralFramesAndEmptyPayloadsInOneBuffer() {
        FrameReader reader = new FrameReader(1024);
        ByteBuffer all = ByteBuffer.allocate(100);
        all.put(frame(Frames.PACKET, new byte[] {1, 2})).put(frame(Frames.RELIABLE, new byte[0]))
                .put(frame(Frames.RELIABLE, new byte[] {3})).flip();
        assertEquals(3, reader.consume(all, sink));
        assertEquals(List.of(Frames.PACKET, Frames.RELIABLE, Frames.RELIABLE), types);
        assertArrayEquals(new byte[0], frames.get(1));
    }

    @Test
    void growsLargePayloadsAsBytesArrive() {
        FrameReader reader = new FrameReader(1 << 20);
        byte[] payload = new byte[1 << 20];
        payload[payload.length - 1] = 42;
        ByteBuffer bytes = frame(Frames.RELIABLE, payload);
        while (bytes.hasRemaining()) {
            ByteBuffer chunk = bytes.slice().limit(Math.min(7000, bytes.remaining()));
            bytes.position(bytes.position() + chunk.remaining());
            reader.consume(chunk, sink);
        }
        assertArrayEquals(payload, frames.get(0));
    }

    @Test
    void rejectsLengthAboveTheLimitFromTheHeaderAlone() {
        FrameReader reader = new FrameReader(1024);
        ByteBuffer header = ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put(Frames.RELIABLE).flip();
        assertEquals(-1, reader.consume(header, sink));
        assertEquals(RejectReason.FRAME_TOO_LARGE, reader.rejection());
        assertTrue(reader.rejectionDetail().contains("frame too large"), reader.rejectionDetail());
        ByteBuffer negative = ByteBuffer.allocate(5).putInt(-1).put(Frames.RELIABLE).flip();
        assertEquals(-1, new FrameReader(1024).consume(negative, sink));
        assertTrue(frames.isEmpty());
    }

    @Test
    void rejectsUnknownType() {
        FrameReader reader = new FrameReader(1024);
        assertEquals(-1, reader.consume(frame((byte) 9, new byte[] {1}), sink));
        assertEquals(RejectReason.UNKNOWN_FRAME_TYPE, reader.rejection());
        assertEquals("unknown frame type 9", reader.rejectionDetail());
    }

    @Test
    void acceptsExactlyTheLimit() {
        FrameReader reader = new FrameReader(10);
        assertEquals(1, reader.consume(frame(Frames.RELIABLE, new byte[10]), sink));
        assertEquals(-1, new FrameReader(10).consume(frame(Frames.RELIABLE, new byte[11]), sink));
    }
}
