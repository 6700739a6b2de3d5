package io.pekonode.engine.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealedFramesTest {

    private static final byte[] PAYLOAD = "{\"type\":\"ping\",\"seq\":42,\"from\":\"node-a\"}".getBytes(StandardCharsets.UTF_8);
    private static final ClusterKey K = ClusterKey.generate();
    private static final ClusterKey OTHER = ClusterKey.generate();

    private static SealedFrames frames(Keyring keyring) {
        return new SealedFrames(WireSecurity.of(keyring));
    }

    private static SealedFrames labelled(String label, ClusterKey key) {
        return new SealedFrames(WireSecurity.builder(Keyring.of(key)).label(label).build());
    }

    private static FrameException.Reason rejection(FrameProtector frames, byte[] frame) {
        return assertThrows(FrameException.class, () -> frames.open(frame)).reason();
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void roundTripsWithEveryKeySize(int size) throws FrameException {
        byte[] material = new byte[size];
        Arrays.fill(material, (byte) size);
        SealedFrames frames = frames(Keyring.of(ClusterKey.of(material)));
        for (byte[] p : new byte[][] {PAYLOAD, new byte[0], new byte[70_000]}) {
            byte[] sealed = frames.seal(p);
            assertEquals(p.length + frames.overhead(), sealed.length);
            assertArrayEquals(p, frames.open(sealed));
        }
    }

    @Test
    void payloadIsNotVisibleAndNoncesAreFresh() {
        SealedFrames frames = frames(Keyring.of(K));
        byte[] a = frames.seal(PAYLOAD);
        byte[] b = frames.seal(PAYLOAD);
        assertNotEquals(Arrays.toString(a), Arrays.toString(b), "same payload, same bytes: the nonce was reused");
        String text = new String(a, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("ping") || text.contains("node-a"), "plaintext leaked into the frame");
        assertEquals(SealedFrames.FLAG_SEALED, a[3]);
    }

    @Test
    void tamperingWithAnyByteIsRejectedWithTheReasonOfItsField() {
        SealedFrames frames = labelled("prod-eu", K);
        byte[] sealed = frames.seal(PAYLOAD);
        int label = 5;
        int keyId = label + "prod-eu".length();
        int afterKeyId = keyId + ClusterKey.ID_BYTES;
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x01;
            FrameException.Reason reason = rejection(frames, bad);
            FrameException.Reason expected;
            if (i < 2) {
                expected = FrameException.Reason.BAD_MAGIC;
            } else if (i == 2) {
                expected = FrameException.Reason.BAD_VERSION;
            } else if (i == 3) {
                // Flag 0x01 -> 0x00 turns it into a plaintext frame, refused by a node requiring encryption.
                expected = FrameException.Reason.UNENCRYPTED_REJECTED;
            } else if (i < keyId) {
                expected = FrameException.Reason.WRONG_LABEL; // label length or label bytes
            } else if (i < afterKeyId) {
                expected = FrameException.Reason.UNKNOWN_KEY;
            } else {
                expected = FrameException.Reason.AUTH_FAILED; // timestamp, nonce, ciphertext or tag
            }
            assertEquals(expected, reason, "flipped byte " + i);
        }
    }

    @Test
    void everyTruncationIsRejected() {
        SealedFrames frames = frames(Keyring.of(K));
        byte[] sealed = frames.seal(PAYLOAD);
        for (int length = 0; length < sealed.length; length++) {
            FrameException.Reason reason = rejection(frames, Arrays.copyOf(sealed, length));
            assertTrue(Set.of(FrameException.Reason.SHORT, FrameException.Reason.AUTH_FAILED).contains(reason),
                    length + " bytes: " + reason);
        }
        assertEquals(FrameException.Reason.SHORT, rejection(frames, Arrays.copyOf(sealed, 20)));
    }

    @Test
    void aNodeWithAnotherKeySeesAnUnknownKeyId() {
        byte[] sealed = frames(Keyring.of(OTHER)).seal(PAYLOAD);
        assertEquals(FrameException.Reason.UNKNOWN_KEY, rejection(frames(Keyring.of(K)), sealed));
    }

    @Test
    void aForgedKeyIdWithTheWrongKeyFailsAuthentication() {
        // An attacker copies a real key id into a frame sealed with its own key: the tag still fails.
        byte[] forged = frames(Keyring.of(OTHER)).seal(PAYLOAD);
        System.arraycopy(K.idBytes(), 0, forged, 5, ClusterKey.ID_BYTES);
        assertEquals(FrameException.Reason.AUTH_FAILED, rejection(frames(Keyring.of(K)), forged));
    }

    @Test
    void labelsMustMatchExactly() throws FrameException {
        byte[] eu = labelled("prod-eu", K).seal(PAYLOAD);
        assertArrayEquals(PAYLOAD, labelled("prod-eu", K).open(eu));
        assertEquals(FrameException.Reason.WRONG_LABEL, rejection(labelled("prod-us", K), eu));
        assertEquals(FrameException.Reason.WRONG_LABEL, rejection(frames(Keyring.of(K)), eu));
        assertEquals(FrameException.Reason.WRONG_LABEL, rejection(labelled("prod-eu", K), frames(Keyring.of(K)).seal(PAYLOAD)));
    }

    @Test
    void overLongLabelLengthIsRejectedBeforeAnythingElse() {
        byte[] sealed = frames(Keyring.of(K)).seal(PAYLOAD);
        sealed[4] = (byte) 200;
        assertEquals(FrameException.Reason.WRONG_LABEL, rejection(frames(Keyring.of(K)), sealed));
    }

    @Test
    void plaintextIsRejectedWhenEncryptionIsRequiredAndAcceptedDuringTheTransition() throws FrameException {
        byte[] plaintext = new ChecksumFrames().seal(PAYLOAD);
        WireSecurity security = WireSecurity.of(Keyring.of(K));
        SealedFrames frames = new SealedFrames(security);
        assertEquals(FrameException.Reason.UNENCRYPTED_REJECTED, rejection(frames, plaintext));

        security.requireEncryptedIncoming(false);
        assertArrayEquals(PAYLOAD, frames.open(plaintext));
        assertArrayEquals(PAYLOAD, frames.open(frames.seal(PAYLOAD)), "sealed frames are accepted too");
        byte[] corrupt = plaintext.clone();
        corrupt[10] ^= 1;
        assertEquals(FrameException.Reason.BAD_CHECKSUM, rejection(frames, corrupt), "accepted plaintext is still checksummed");
    }

    @Test
    void withEncryptOutgoingOffItSendsPlaintextThatAPlaintextNodeReads() throws FrameException {
        WireSecurity security = WireSecurity.builder(Keyring.of(K)).encryptOutgoing(false).requireEncryptedIncoming(false).build();
        byte[] frame = new SealedFrames(security).seal(PAYLOAD);
        assertArrayEquals(PAYLOAD, new ChecksumFrames().open(frame));
        security.encryptOutgoing(true);
        byte[] sealed = new SealedFrames(security).seal(PAYLOAD);
        assertEquals(FrameException.Reason.BAD_FLAGS, rejection(new ChecksumFrames(), sealed), "a plaintext node cannot read it");
    }

    @Test
    void rotationKeepsOldFramesReadableUntilTheOldKeyIsRemoved() throws FrameException {
        ClusterKey next = ClusterKey.generate();
        WireSecurity security = WireSecurity.of(Keyring.of(K));
        SealedFrames frames = new SealedFrames(security);
        byte[] old = frames.seal(PAYLOAD);

        security.install(next);
        security.use(next.id());
        byte[] fresh = frames.seal(PAYLOAD);
        assertArrayEquals(next.idBytes(), Arrays.copyOfRange(fresh, 5, 5 + ClusterKey.ID_BYTES), "sealed with the new primary");
        assertArrayEquals(PAYLOAD, frames.open(old), "old-key frames still open after the new primary");
        assertArrayEquals(PAYLOAD, frames.open(fresh));

        security.remove(K.id());
        assertEquals(FrameException.Reason.UNKNOWN_KEY, rejection(frames, old));
        assertArrayEquals(PAYLOAD, frames.open(frames.seal(PAYLOAD)));
    }

    @Test
    void overheadIsWhatSealAdds() {
        SealedFrames frames = labelled("x".repeat(WireSecurity.MAX_LABEL_BYTES), K);
        assertEquals(PAYLOAD.length + frames.overhead(), frames.seal(PAYLOAD).length);
        assertEquals(49, frames(Keyring.of(K)).overhead());
    }

    @Test
    void foreignTrafficIsBadMagic() {
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(FrameException.Reason.BAD_MAGIC, rejection(frames(Keyring.of(K)), http));
        assertEquals("frame_unknown_key", FrameException.Reason.UNKNOWN_KEY.tag());
    }
}
