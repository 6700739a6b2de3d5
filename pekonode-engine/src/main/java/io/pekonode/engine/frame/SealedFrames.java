package io.pekonode.engine.frame;

import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The authenticated frame format, version 2: AES-GCM with a 128-bit tag, keyed from a
 * {@link WireSecurity}, with replay protection.
 *
 * <pre>
 *  0      2           3            4             5                 5+L         13+L                21+L         33+L
 *  | 'P''N' | version=2 | flags=0x01 | label len L | label (L bytes) | key id (8) | sent at (8, BE ms) | nonce (12) | ciphertext | tag (16)
 * </pre>
 *
 * Everything before the ciphertext (magic to nonce) is the GCM additional authenticated data, so the
 * version, flags, label, key id and timestamp cannot be changed without the tag failing. The nonce is
 * 12 fresh bytes from {@link SecureRandom} per frame; with random nonces NIST's bound is
 * 2<sup>32</sup> frames per key, so rotate a key long before that (at 1,000 frames/s that is over a
 * century). "Sent at" is the sender's wall clock in milliseconds since the epoch.
 *
 * <p>Checks run cheapest first and name their reason: magic, flags, version, length, label, key id
 * (so the receiver picks the key without trial decryption), the tag, and then replay: a frame whose
 * timestamp is more than {@link WireSecurity#replayWindow()} from the local wall clock is refused
 * ({@code OUTSIDE_WINDOW}), and so is one whose nonce was already accepted within the window
 * ({@code REPLAYED}, see {@link ReplayGuard} for the bounded cache). Replay is checked after the tag
 * so that only authentic frames occupy the cache and a forged timestamp counts as {@code AUTH_FAILED}.
 *
 * <p><b>What replay protection gives, and assumes.</b> memberlist and Serf have none: a captured
 * packet opens again for as long as its key is installed. Here a captured frame is refused by every
 * node that already accepted it, and by every node once the window has passed. It assumes the
 * nodes' wall clocks agree within the window (run NTP; a node whose clock is off by more is refused
 * and logged, as it would be with a wrong key). Not covered: a frame captured before it reached
 * node B can still be delivered to B once, within the window (that is delay, not replay; the
 * protocol's sequence numbers and versions make a late message harmless); plaintext frames accepted
 * during the encryption transition; and a node restarted within the window forgets the nonces it
 * saw (its peers' versions and incarnations still make old state a no-op).
 *
 * <p>A {@link ChecksumFrames} frame (flags 0) is accepted only while
 * {@link WireSecurity#requireEncryptedIncoming()} is off, and sent only while
 * {@link WireSecurity#encryptOutgoing()} is off: that is the transition to and from encryption.
 * Sealed frames of version 1 (no timestamp, before replay protection) are refused as
 * {@code BAD_VERSION}: upgrade every node of a keyed cluster together, or accept a short split.
 */
public final class SealedFrames implements FrameProtector {

    /** Flag bit 0: the payload is sealed with AES-GCM. */
    public static final byte FLAG_SEALED = 0x01;
    /** Version of the sealed format; plaintext frames keep {@link ChecksumFrames#VERSION}. */
    public static final byte VERSION = 2;
    public static final int TIMESTAMP_BYTES = 8;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final int LABEL_OFFSET = 5;

    private static final SecureRandom RANDOM = new SecureRandom();
    // Cipher objects are not thread-safe: one per thread (the loop seals, transport threads open).
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(SealedFrames::newCipher);

    private final WireSecurity security;
    private final byte[] label;
    private final ChecksumFrames plain = new ChecksumFrames();
    private final LongSupplier wallMillis;
    private final ReplayGuard replays;

    public SealedFrames(WireSecurity security) {
        this(security, System::currentTimeMillis);
    }

    /** With another wall clock, for tests of the replay window. */
    public SealedFrames(WireSecurity security, LongSupplier wallMillis) {
        this.security = Objects.requireNonNull(security, "security");
        this.label = security.labelBytes();
        this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
        this.replays = new ReplayGuard(security.replayWindow(), security.replayCacheEntries(), wallMillis);
    }

    /** The protector for a node: sealed frames with {@code security}, else checksummed plaintext. */
    public static FrameProtector forNode(Optional<WireSecurity> security) {
        return security.<FrameProtector>map(SealedFrames::new).orElseGet(ChecksumFrames::new);
    }

    /** The settings this protector reads on every frame. */
    public WireSecurity security() {
        return security;
    }

    /** Nonces currently remembered for replay detection. */
    int replayCacheSize() {
        return replays.size();
    }

    @Override
    public int overhead() {
        return Math.max(ChecksumFrames.HEADER_BYTES, sealedOverhead());
    }

    private int sealedOverhead() {
        return LABEL_OFFSET + label.length + ClusterKey.ID_BYTES + TIMESTAMP_BYTES + NONCE_BYTES + TAG_BYTES;
    }

    private int keyIdOffset() {
        return LABEL_OFFSET + label.length;
    }

    private int timestampOffset() {
        return keyIdOffset() + ClusterKey.ID_BYTES;
    }

    private int nonceOffset() {
        return timestampOffset() + TIMESTAMP_BYTES;
    }

    private int cipherOffset() {
        return nonceOffset() + NONCE_BYTES;
    }

    @Override
    public byte[] seal(byte[] payload) {
        if (!security.encryptOutgoing()) {
            return plain.seal(payload);
        }
        ClusterKey key = security.keyring().primary();
        byte[] frame = new byte[sealedOverhead() + payload.length];
        frame[0] = ChecksumFrames.MAGIC_0;
        frame[1] = ChecksumFrames.MAGIC_1;
        frame[2] = VERSION;
        frame[3] = FLAG_SEALED;
        frame[4] = (byte) label.length;
        System.arraycopy(label, 0, frame, LABEL_OFFSET, label.length);
        System.arraycopy(key.idBytes(), 0, frame, keyIdOffset(), ClusterKey.ID_BYTES);
        ByteBuffer.wrap(frame, timestampOffset(), TIMESTAMP_BYTES).putLong(wallMillis.getAsLong());
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, frame, nonceOffset(), NONCE_BYTES);
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(frame, 0, cipherOffset());
            cipher.doFinal(payload, 0, payload.length, frame, cipherOffset());
        } catch (GeneralSecurityException e) {
            // Only a broken JDK gets here (the key sizes are validated when keys are made).
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
        return frame;
    }

    @Override
    public byte[] open(byte[] frame) throws FrameException {
        if (frame == null || frame.length < 4) {
            throw new FrameException(FrameException.Reason.SHORT,
                    "frame of " + (frame == null ? 0 : frame.length) + " bytes is shorter than any header");
        }
        if (frame[3] == 0) {
            // Magic and version of a plaintext frame are checked by the plaintext format itself.
            if (security.requireEncryptedIncoming() && frame[0] == ChecksumFrames.MAGIC_0 && frame[1] == ChecksumFrames.MAGIC_1) {
                throw new FrameException(FrameException.Reason.UNENCRYPTED_REJECTED,
                        "plaintext frame, and this node requires encryption");
            }
            return plain.open(frame);
        }
        if (frame[0] != ChecksumFrames.MAGIC_0 || frame[1] != ChecksumFrames.MAGIC_1) {
            throw new FrameException(FrameException.Reason.BAD_MAGIC, "not a PekoNode frame");
        }
        if (frame[3] != FLAG_SEALED) {
            throw new FrameException(FrameException.Reason.BAD_FLAGS, String.format("unsupported flags 0x%02x", frame[3]));
        }
        if (frame[2] != VERSION) {
            throw new FrameException(FrameException.Reason.BAD_VERSION, "sealed frame version " + (frame[2] & 0xff)
                    + ", this node speaks " + VERSION + (frame[2] == 1 ? " (version 1 has no replay protection: upgrade that node)" : ""));
        }
        if (frame.length <= LABEL_OFFSET) {
            throw new FrameException(FrameException.Reason.SHORT, "sealed frame of " + frame.length + " bytes has no label length");
        }
        int labelLength = frame[4] & 0xff;
        if (labelLength > WireSecurity.MAX_LABEL_BYTES) {
            throw new FrameException(FrameException.Reason.WRONG_LABEL,
                    "label of " + labelLength + " bytes, over the " + WireSecurity.MAX_LABEL_BYTES + "-byte limit");
        }
        int minimum = LABEL_OFFSET + labelLength + ClusterKey.ID_BYTES + TIMESTAMP_BYTES + NONCE_BYTES + TAG_BYTES;
        if (frame.length < minimum) {
            throw new FrameException(FrameException.Reason.SHORT,
                    "sealed frame of " + frame.length + " bytes is shorter than its " + minimum + "-byte envelope");
        }
        if (!Arrays.equals(frame, LABEL_OFFSET, LABEL_OFFSET + labelLength, label, 0, label.length)) {
            // The sender's label is not echoed: it is attacker-controlled text.
            throw new FrameException(FrameException.Reason.WRONG_LABEL,
                    "cluster label of " + labelLength + " bytes differs from this node's" + (label.length == 0 ? " (none)" : ""));
        }
        Keyring keyring = security.keyring();
        ClusterKey key = keyring.find(frame, keyIdOffset())
                .orElseThrow(() -> new FrameException(FrameException.Reason.UNKNOWN_KEY,
                        "sealed with a key id this node does not hold (it has " + keyring.ids() + ")"));
        byte[] payload;
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, frame, nonceOffset(), NONCE_BYTES));
            cipher.updateAAD(frame, 0, cipherOffset());
            payload = cipher.doFinal(frame, cipherOffset(), frame.length - cipherOffset());
        } catch (AEADBadTagException e) {
            throw new FrameException(FrameException.Reason.AUTH_FAILED, "authentication tag mismatch (tampered, corrupted or wrong key)");
        } catch (GeneralSecurityException e) {
            throw new FrameException(FrameException.Reason.AUTH_FAILED, "decryption failed: " + e.getClass().getSimpleName());
        }
        replays.admit(ByteBuffer.wrap(frame, timestampOffset(), TIMESTAMP_BYTES).getLong(), frame, nonceOffset());
        return payload;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
        }
    }
}
