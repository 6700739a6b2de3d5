package io.pekonode.engine.frame;

import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The authenticated frame format: AES-GCM with a 128-bit tag, keyed from a {@link WireSecurity}.
 *
 * <pre>
 *  0      2         3            4          5             5+L       13+L        25+L
 *  | 'P''N' | version | flags=0x01 | label len L | label (L bytes) | key id (8) | nonce (12) | ciphertext | tag (16)
 * </pre>
 *
 * Everything before the ciphertext (magic to nonce) is the GCM additional authenticated data, so the
 * version, flags, label and key id cannot be changed without the tag failing. The nonce is 12 fresh
 * bytes from {@link SecureRandom} per frame; with random nonces NIST's bound is 2<sup>32</sup> frames
 * per key, so rotate a key long before that (at 1,000 frames/s that is over a century).
 *
 * <p>Checks run cheapest first and name their reason: magic, version, flags, length, label, key id
 * (so the receiver picks the key without trial decryption), then the tag. A plaintext
 * {@link ChecksumFrames} frame (flags 0) is accepted only while
 * {@link WireSecurity#requireEncryptedIncoming()} is off, and sent only while
 * {@link WireSecurity#encryptOutgoing()} is off: that is the transition to and from encryption.
 *
 * <p>Not prevented: replay. A captured frame opens again as long as its key is installed; the
 * protocol above tolerates duplicates (incarnations, HLC versions and sequence numbers make a
 * replayed old message a no-op or a refreshed ack), but this layer does not detect them.
 */
public final class SealedFrames implements FrameProtector {

    /** Flag bit 0: the payload is sealed with AES-GCM. */
    public static final byte FLAG_SEALED = 0x01;
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

    public SealedFrames(WireSecurity security) {
        this.security = Objects.requireNonNull(security, "security");
        this.label = security.labelBytes();
    }

    /** The protector for a node: sealed frames with {@code security}, else checksummed plaintext. */
    public static FrameProtector forNode(Optional<WireSecurity> security) {
        return security.<FrameProtector>map(SealedFrames::new).orElseGet(ChecksumFrames::new);
    }

    /** The settings this protector reads on every frame. */
    public WireSecurity security() {
        return security;
    }

    @Override
    public int overhead() {
        return Math.max(ChecksumFrames.HEADER_BYTES, sealedOverhead());
    }

    private int sealedOverhead() {
        return LABEL_OFFSET + label.length + ClusterKey.ID_BYTES + NONCE_BYTES + TAG_BYTES;
    }

    private int keyIdOffset() {
        return LABEL_OFFSET + label.length;
    }

    private int nonceOffset() {
        return keyIdOffset() + ClusterKey.ID_BYTES;
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
        frame[2] = ChecksumFrames.VERSION;
        frame[3] = FLAG_SEALED;
        frame[4] = (byte) label.length;
        System.arraycopy(label, 0, frame, LABEL_OFFSET, label.length);
        System.arraycopy(key.idBytes(), 0, frame, keyIdOffset(), ClusterKey.ID_BYTES);
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
        if (frame[2] != ChecksumFrames.VERSION) {
            throw new FrameException(FrameException.Reason.BAD_VERSION,
                    "frame version " + (frame[2] & 0xff) + ", this node speaks " + ChecksumFrames.VERSION);
        }
        if (frame[3] != FLAG_SEALED) {
            throw new FrameException(FrameException.Reason.BAD_FLAGS, String.format("unsupported flags 0x%02x", frame[3]));
        }
        if (frame.length <= LABEL_OFFSET) {
            throw new FrameException(FrameException.Reason.SHORT, "sealed frame of " + frame.length + " bytes has no label length");
        }
        int labelLength = frame[4] & 0xff;
        if (labelLength > WireSecurity.MAX_LABEL_BYTES) {
            throw new FrameException(FrameException.Reason.WRONG_LABEL,
                    "label of " + labelLength + " bytes, over the " + WireSecurity.MAX_LABEL_BYTES + "-byte limit");
        }
        int minimum = LABEL_OFFSET + labelLength + ClusterKey.ID_BYTES + NONCE_BYTES + TAG_BYTES;
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
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, frame, nonceOffset(), NONCE_BYTES));
            cipher.updateAAD(frame, 0, cipherOffset());
            return cipher.doFinal(frame, cipherOffset(), frame.length - cipherOffset());
        } catch (AEADBadTagException e) {
            throw new FrameException(FrameException.Reason.AUTH_FAILED, "authentication tag mismatch (tampered, corrupted or wrong key)");
        } catch (GeneralSecurityException e) {
            throw new FrameException(FrameException.Reason.AUTH_FAILED, "decryption failed: " + e.getClass().getSimpleName());
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
        }
    }
}
