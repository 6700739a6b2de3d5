package io.pekonode.engine.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sealed frames carry a timestamp and a nonce: old, future and repeated frames are refused by reason. */
class ReplayProtectionTest {

    private static final byte[] PAYLOAD = "{\"type\":\"gossip\"}".getBytes(StandardCharsets.UTF_8);
    private static final ClusterKey K = ClusterKey.generate();
    private static final long T0 = 1_800_000_000_000L;

    private final AtomicLong senderClock = new AtomicLong(T0);
    private final AtomicLong receiverClock = new AtomicLong(T0);

    private SealedFrames sender() {
        return new SealedFrames(WireSecurity.of(Keyring.of(K)), senderClock::get);
    }

    private SealedFrames receiver(WireSecurity.Builder settings) {
        return new SealedFrames(settings.build(), receiverClock::get);
    }

    private SealedFrames receiver() {
        return receiver(WireSecurity.builder(Keyring.of(K)));
    }

    private static FrameException.Reason rejection(FrameProtector frames, byte[] frame) {
        return assertThrows(FrameException.class, () -> frames.open(frame)).reason();
    }

    @Test
    void aFrameOpensOnceAndItsReplayIsRefused() throws FrameException {
        SealedFrames receiver = receiver();
        byte[] frame = sender().seal(PAYLOAD);
        assertArrayEquals(PAYLOAD, receiver.open(frame));
        assertEquals(FrameException.Reason.REPLAYED, rejection(receiver, frame));
        assertEquals(FrameException.Reason.REPLAYED, rejection(receiver, frame.clone()), "a copy is the same frame");
        assertArrayEquals(PAYLOAD, receiver.open(sender().seal(PAYLOAD)), "the same payload sealed again is a new frame");
        assertEquals("frame_replayed", FrameException.Reason.REPLAYED.tag());
    }

    @Test
    void theSenderTimestampIsInTheHeaderAndAuthenticated() {
        byte[] frame = sender().seal(PAYLOAD);
        int timestampAt = 5 + ClusterKey.ID_BYTES;
        assertEquals(SealedFrames.VERSION, frame[2]);
        assertEquals(T0, ByteBuffer.wrap(frame, timestampAt, 8).getLong());
        // Moving the timestamp forward to dodge the window breaks the tag.
        ByteBuffer.wrap(frame, timestampAt, 8).putLong(T0 + 1);
        assertEquals(FrameException.Reason.AUTH_FAILED, rejection(receiver(), frame));
    }

    @Test
    void framesOutsideTheWindowEitherWayAreRefusedInsideItAccepted() throws FrameException {
        SealedFrames receiver = receiver(WireSecurity.builder(Keyring.of(K)).replayWindow(Duration.ofSeconds(60)));
        byte[] now = sender().seal(PAYLOAD);
        receiverClock.set(T0 + 60_001);
        assertEquals(FrameException.Reason.OUTSIDE_WINDOW, rejection(receiver, now), "61 s old");
        receiverClock.set(T0 - 60_001);
        assertEquals(FrameException.Reason.OUTSIDE_WINDOW, rejection(receiver, now), "from 61 s in the future");
        receiverClock.set(T0 + 60_000);
        assertArrayEquals(PAYLOAD, receiver.open(now), "at the edge of the window");
        receiverClock.set(T0 - 59_000);
        assertArrayEquals(PAYLOAD, receiver.open(sender().seal(PAYLOAD)), "a sender clock 59 s ahead is tolerated");
    }

    @Test
    void aReplayAfterTheWindowIsRefusedByTheClockOnceItsNonceIsForgotten() throws FrameException {
        SealedFrames receiver = receiver(WireSecurity.builder(Keyring.of(K)).replayWindow(Duration.ofSeconds(10)));
        byte[] old = sender().seal(PAYLOAD);
        receiver.open(old);
        receiverClock.set(T0 + 10_001);
        senderClock.set(T0 + 10_001);
        receiver.open(sender().seal(PAYLOAD)); // purges nonces that fell out of the window
        assertEquals(1, receiverGuardSize(receiver), "the old nonce is forgotten: memory stays one window's worth");
        assertEquals(FrameException.Reason.OUTSIDE_WINDOW, rejection(receiver, old));
    }

    @Test
    void aFullCacheForgetsTheOldestAndThenRefusesFramesItCanNoLongerVouchFor() throws FrameException {
        SealedFrames receiver = receiver(WireSecurity.builder(Keyring.of(K)).replayCacheEntries(3));
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            senderClock.set(T0 + i * 100L);
            frames.add(sender().seal(PAYLOAD));
        }
        senderClock.set(T0 - 50);
        byte[] lateButGenuine = sender().seal(PAYLOAD);
        senderClock.set(T0 + 50);
        byte[] lateAfterTheFloor = sender().seal(PAYLOAD);
        receiverClock.set(T0 + 400);
        for (byte[] f : frames) {
            receiver.open(f);
        }
        assertEquals(3, receiverGuardSize(receiver), "bounded");
        assertEquals(FrameException.Reason.REPLAYED, rejection(receiver, frames.get(1)));
        assertEquals(FrameException.Reason.REPLAY_CACHE_FULL, rejection(receiver, frames.get(0)), "its nonce was evicted: fail closed");
        assertEquals(FrameException.Reason.REPLAY_CACHE_FULL, rejection(receiver, lateButGenuine),
                "older than the newest nonce the cache forgot");
        assertArrayEquals(PAYLOAD, receiver.open(lateAfterTheFloor), "newer than every forgotten nonce: provably not a replay");
        for (byte[] f : frames.subList(2, 4)) {
            assertEquals(FrameException.Reason.REPLAYED, rejection(receiver, f));
        }
        senderClock.set(T0 + 400);
        assertArrayEquals(PAYLOAD, receiver.open(sender().seal(PAYLOAD)), "new frames still pass");
    }

    @Test
    void sealedVersionOneFramesAreRefusedWithAClearReason() {
        byte[] frame = sender().seal(PAYLOAD);
        frame[2] = 1;
        FrameException e = assertThrows(FrameException.class, () -> receiver().open(frame));
        assertEquals(FrameException.Reason.BAD_VERSION, e.reason());
        assertTrue(e.getMessage().contains("version 1 has no replay protection"), e.getMessage());
    }

    @Test
    void windowAndCacheSettingsAreValidated() {
        WireSecurity.Builder b = WireSecurity.builder(Keyring.of(K));
        assertThrows(IllegalArgumentException.class, () -> b.replayWindow(Duration.ofMillis(500)));
        assertThrows(IllegalArgumentException.class, () -> b.replayWindow(Duration.ofHours(2)));
        assertThrows(IllegalArgumentException.class, () -> b.replayCacheEntries(0));
        WireSecurity defaults = b.build();
        assertEquals(Duration.ofSeconds(60), defaults.replayWindow());
        assertEquals(WireSecurity.DEFAULT_REPLAY_CACHE_ENTRIES, defaults.replayCacheEntries());
    }

    private static int receiverGuardSize(SealedFrames frames) {
        return frames.replayCacheSize();
    }
}
