package io.pekonode.engine.frame;

import java.util.Locale;
import java.util.Objects;

/** A received frame was rejected before decoding. The runtime drops it and counts it by {@link #reason()}. */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a frame was rejected. {@link #tag()} is the stable metric tag value. */
    public enum Reason {
        /** Shorter than the frame header. */
        SHORT,
        /** Does not start with PekoNode's magic bytes: another protocol, or a stray packet. */
        BAD_MAGIC,
        /** A frame format version this node does not speak. */
        BAD_VERSION,
        /** Flag bits this node does not understand (e.g. encryption it is not configured for). */
        BAD_FLAGS,
        /** Damaged in transit or tampered with. */
        BAD_CHECKSUM,
        /** Authenticated decryption failed: the tag does not match (wrong key material, tampering or corruption). */
        AUTH_FAILED,
        /** A sealed frame names a key id this node's keyring does not hold (another cluster, or a removed key). */
        UNKNOWN_KEY,
        /** A sealed frame carries another cluster label than this node's (or an over-long one). */
        WRONG_LABEL,
        /** A plaintext frame reached a node that requires encryption. */
        UNENCRYPTED_REJECTED,
        /** An authentic sealed frame whose sender timestamp is outside the replay window (an old replay, or clock skew). */
        OUTSIDE_WINDOW,
        /** An authentic sealed frame whose nonce was already seen within the replay window: a replay or a duplicate. */
        REPLAYED,
        /** An authentic sealed frame older than what the full replay cache still remembers (overload; fails closed). */
        REPLAY_CACHE_FULL;

        /** Lower-case name used as the {@code reason} tag of the dropped-packets meter. */
        public String tag() {
            return "frame_" + name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public FrameException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
