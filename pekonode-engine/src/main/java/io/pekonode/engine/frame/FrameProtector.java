package io.pekonode.engine.frame;

/**
 * The security seam between the codec and the transport: every encoded message is sealed before it
 * is sent and opened before it is decoded.
 *
 * <p>The default ({@link ChecksumFrames}) only detects corruption and foreign traffic; {@link SealedFrames}
 * adds authenticated encryption (AES-GCM with key rotation) without the runtime, codecs or transports
 * changing. Implementations are thread-safe: {@link #seal} runs on
 * the event loop, {@link #open} on transport threads.
 */
public interface FrameProtector {

    /** Bytes {@link #seal} adds to a payload; the runtime subtracts it from the packet budget. */
    int overhead();

    /** Wraps an encoded message for the wire. */
    byte[] seal(byte[] payload);

    /**
     * Checks and unwraps a received frame.
     *
     * @throws FrameException when the frame is not one of ours or was damaged; never an unchecked exception
     */
    byte[] open(byte[] frame) throws FrameException;
}
