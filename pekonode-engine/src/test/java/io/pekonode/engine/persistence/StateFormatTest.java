package io.pekonode.engine.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The state file format: exact round trip, strict rejection of anything damaged or newer. */
class StateFormatTest {

    @Test
    void everyFieldSurvivesARoundTrip() throws Exception {
        PersistedState state = States.sample();
        PersistedState back = StateFormat.decode(StateFormat.encode(state));
        assertEquals(state, back); // records: ids, names, addresses, tags, states, incarnations, entries (with bytes)
        assertEquals(state.members(), back.members());
        for (int i = 0; i < state.metadata().size(); i++) {
            assertEquals(state.metadata().get(i).version(), back.metadata().get(i).version());
            assertArrayEquals(state.metadata().get(i).value(), back.metadata().get(i).value());
        }
        assertTrue(back.metadata().get(3).isTombstone());
        assertEquals(Map.of("role", "db", "zone", "eu-1"), back.members().get(0).tags());
    }

    @Test
    void anEmptyStateRoundTrips() throws Exception {
        PersistedState empty = new PersistedState("x", 0, List.of(), List.of());
        assertEquals(empty, StateFormat.decode(StateFormat.encode(empty)));
    }

    @Test
    void theHeaderIsMagicVersionAndBodyLength() {
        byte[] file = StateFormat.encode(States.sample());
        ByteBuffer in = ByteBuffer.wrap(file);
        assertEquals(0x504B4E53, in.getInt());
        assertEquals(1, in.getShort());
        assertEquals(file.length - 14, in.getInt());
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] file = StateFormat.encode(States.sample());
        for (int length = 0; length < file.length; length++) {
            byte[] cut = Arrays.copyOf(file, length);
            assertThrows(StateFormatException.class, () -> StateFormat.decode(cut), "truncated at " + length);
        }
    }

    @Test
    void everySingleByteFlipIsRejected() {
        byte[] file = StateFormat.encode(States.sample());
        for (int offset = 0; offset < file.length; offset++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] bad = file.clone();
                bad[offset] ^= (byte) mask;
                int at = offset;
                StateFormatException e = assertThrows(StateFormatException.class, () -> StateFormat.decode(bad),
                        "flip at " + at);
                assertFalse(e.newerVersion(), "damage must not pass for a newer version, offset " + at);
            }
        }
    }

    @Test
    void appendedBytesAreRejected() {
        byte[] file = StateFormat.encode(States.sample());
        byte[] longer = Arrays.copyOf(file, file.length + 1);
        assertThrows(StateFormatException.class, () -> StateFormat.decode(longer));
    }

    @Test
    void anIntactFileOfANewerVersionIsReportedAsSuch() {
        byte[] file = StateFormat.encode(States.sample());
        ByteBuffer.wrap(file).putShort(4, (short) 2);
        reseal(file);
        StateFormatException e = assertThrows(StateFormatException.class, () -> StateFormat.decode(file));
        assertTrue(e.newerVersion());
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void aBodyWithAConsistentChecksumButBadContentIsStillRejected() {
        // e.g. written by a buggy writer: the CRC matches, the body does not parse.
        byte[] file = StateFormat.encode(new PersistedState("x", 0, List.of(), List.of()));
        ByteBuffer.wrap(file).putInt(10, 1_000); // node id length beyond the body
        reseal(file);
        assertThrows(StateFormatException.class, () -> StateFormat.decode(file));
    }

    /** Recomputes the trailing checksum after a deliberate change. */
    static void reseal(byte[] file) {
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
    }
}
