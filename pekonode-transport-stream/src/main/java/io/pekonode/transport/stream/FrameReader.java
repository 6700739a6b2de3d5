package io.pekonode.transport.stream;

import io.pekonode.api.spi.transport.RejectReason;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reassembles frames from stream bytes for one connection. Limits are checked on the header, before
 * any payload memory exists, and the payload buffer then grows only as bytes actually arrive, so a
 * forged length costs the sender as much memory as it costs us.
 */
final class FrameReader {

    /** Receives each complete frame. */
    interface Sink {
        void frame(byte type, byte[] payload);
    }

    private static final int INITIAL_BODY_CAPACITY = 64 * 1024;

    private final int maxFrameSize;
    private final byte[] header = new byte[Frames.HEADER_BYTES];
    private int headerPos;
    private byte type;
    private int length = -1;
    private byte[] body;
    private int bodyPos;
    private RejectReason rejection;
    private String rejectionDetail;

    FrameReader(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /** True while a frame has started but not completed. */
    boolean inFrame() {
        return headerPos > 0;
    }

    /**
     * Consumes all of {@code in}, handing complete frames to {@code sink}.
     *
     * @return how many frames completed, or -1 when the input was rejected (see {@link #rejection()}
     *         and {@link #rejectionDetail()});
     *         the connection must then be closed and nothing more fed
     */
    int consume(ByteBuffer in, Sink sink) {
        int completed = 0;
        while (in.hasRemaining()) {
            if (length < 0) {
                int n = Math.min(Frames.HEADER_BYTES - headerPos, in.remaining());
                in.get(header, headerPos, n);
                headerPos += n;
                if (headerPos < Frames.HEADER_BYTES) {
                    return completed;
                }
                if (!acceptHeader()) {
                    return -1;
                }
            } else {
                if (bodyPos == body.length) {
                    body = Arrays.copyOf(body, (int) Math.min(length, body.length * 2L));
                }
                int n = Math.min(body.length - bodyPos, in.remaining());
                in.get(body, bodyPos, n);
                bodyPos += n;
            }
            if (length >= 0 && bodyPos == length) {
                byte[] payload = body;
                byte frameType = type;
                reset();
                completed++;
                sink.frame(frameType, payload);
            }
        }
        return completed;
    }

    /** Why the last {@link #consume} returned -1. */
    RejectReason rejection() {
        return rejection;
    }

    /** The figures behind {@link #rejection()}, for logs. */
    String rejectionDetail() {
        return rejectionDetail;
    }

    private boolean acceptHeader() {
        int declared = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                | (header[3] & 0xff);
        byte declaredType = header[4];
        if (declared < 0 || declared > maxFrameSize) {
            rejection = RejectReason.FRAME_TOO_LARGE;
            rejectionDetail = "frame too large: " + Integer.toUnsignedLong(declared) + " bytes declared, limit " + maxFrameSize;
            return false;
        }
        if (!Frames.isKnownType(declaredType)) {
            rejection = RejectReason.UNKNOWN_FRAME_TYPE;
            rejectionDetail = "unknown frame type " + (declaredType & 0xff);
            return false;
        }
        type = declaredType;
        length = declared;
        body = new byte[Math.min(declared, INITIAL_BODY_CAPACITY)];
        bodyPos = 0;
        return true;
    }

    private void reset() {
        headerPos = 0;
        length = -1;
        body = null;
        bodyPos = 0;
    }
}
