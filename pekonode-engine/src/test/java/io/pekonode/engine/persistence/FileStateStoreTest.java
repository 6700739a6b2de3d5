package io.pekonode.engine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory: identity, atomic saves, and what happens to damaged or half-written files. */
class FileStateStoreTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T01:02:03.456Z"), ZoneOffset.UTC);
    private static final String STAMP = "20261122T010203.456Z";

    @TempDir
    Path dir;

    /** Stores opened by the test; each (re)open closes the earlier ones, as a restarted node would. */
    private final List<FileStateStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(FileStateStore::close);
    }

    private FileStateStore open(Path directory) {
        return reopen(directory, Optional.of(States.ID), SECOND, CLOCK);
    }

    private FileStateStore reopen(Path directory, Optional<String> id, Duration interval) {
        return reopen(directory, id, interval, Clock.systemUTC());
    }

    private FileStateStore reopen(Path directory, Optional<String> id, Duration interval, Clock clock) {
        closeStores();
        FileStateStore store = FileStateStore.open(directory, id, interval, clock);
        opened.add(store);
        return store;
    }

    @Test
    void theNodeIdIsCreatedOnceAndKept() throws IOException {
        FileStateStore first = reopen(dir, Optional.empty(), SECOND);
        FileStateStore second = reopen(dir, Optional.empty(), SECOND);
        assertEquals(first.nodeId(), second.nodeId());
        assertEquals(first.nodeId() + "\n", Files.readString(dir.resolve("node-id")));
        assertNotEquals(first.nodeId(), reopen(dir.resolve("other"), Optional.empty(), SECOND).nodeId());
    }

    @Test
    void aConfiguredIdIsStoredAndMustMatchLater() {
        assertEquals("alpha", reopen(dir, Optional.of("alpha"), SECOND).nodeId());
        assertEquals("alpha", reopen(dir, Optional.empty(), SECOND).nodeId());
        assertEquals("alpha", reopen(dir, Optional.of("alpha"), SECOND).nodeId());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reopen(dir, Optional.of("beta"), SECOND));
        assertTrue(e.getMessage().contains("belongs to node id 'alpha'"), e.getMessage());
        assertTrue(e.getMessage().contains("'beta'"), e.getMessage());
    }

    @Test
    void nothingSavedLoadsEmpty() {
        assertEquals(Optional.empty(), open(dir).load());
    }

    @Test
    void aSavedStateLoadsBackAndTheLastSaveWins() {
        FileStateStore store = open(dir);
        store.save(States.sample(States.ID, 1));
        store.save(States.sample(States.ID, 2));
        assertEquals(Optional.of(States.sample(States.ID, 2)), open(dir).load());
    }

    @Test
    void aTruncatedOrFlippedOnlyFileIsReportedMovedAsideAndNotTrusted() throws IOException {
        FileStateStore store = open(dir);
        store.save(States.sample());
        byte[] good = Files.readAllBytes(dir.resolve("state.bin"));
        assertEquals(Optional.of(States.sample()), store.load());
        for (int offset = 0; offset < good.length; offset++) {
            byte[] flipped = good.clone();
            flipped[offset] ^= 0x5A;
            checkSetAside(store, Arrays.copyOf(good, offset), "truncated at " + offset);
            checkSetAside(store, flipped, "flipped at " + offset);
        }
    }

    private void checkSetAside(FileStateStore store, byte[] content, String what) throws IOException {
        Files.write(dir.resolve("state.bin"), content);
        assertEquals(Optional.empty(), store.load(), what);
        assertFalse(Files.exists(dir.resolve("state.bin")), "damaged file must not stay in place: " + what);
        Path aside = dir.resolve("state.bin.corrupt-" + STAMP);
        assertTrue(Files.exists(aside), "expected " + aside + ": " + what);
        assertEquals(Arrays.toString(content), Arrays.toString(Files.readAllBytes(aside)), "kept byte for byte: " + what);
        Files.delete(aside);
        assertEquals(States.ID, open(dir).nodeId(), "the intact node id is still trusted");
    }

    @Test
    void aSaveInterruptedAtAnyByteLeavesThePreviousStateReadable() throws IOException {
        PersistedState previous = States.sample(States.ID, 1);
        byte[] next = StateFormat.encode(States.sample(States.ID, 2));
        FileStateStore store = open(dir);
        store.save(previous);
        for (int offset = 0; offset <= next.length; offset++) {
            // What a writer killed before its rename leaves behind: a partial (or complete) temp file.
            Path temp = dir.resolve("state.bin.123456789" + AtomicFiles.TEMP_SUFFIX);
            Files.write(temp, Arrays.copyOf(next, offset));
            assertEquals(Optional.of(previous), open(dir).load(), "interrupted at " + offset);
            assertFalse(Files.exists(temp), "left-over temp file is cleaned up");
            assertEquals(List.of("lock", "node-id", "state.bin"), names(dir));
        }
    }

    @Test
    void aSetAsideFileIsNeverOverwrittenByALaterOne() throws IOException {
        FileStateStore store = open(dir);
        Files.write(dir.resolve("state.bin"), new byte[] {1});
        store.load();
        Files.write(dir.resolve("state.bin"), new byte[] {2});
        store.load();
        assertEquals(List.of("lock", "node-id", "state.bin.corrupt-" + STAMP, "state.bin.corrupt-" + STAMP + "-1"), names(dir));
        assertEquals(1, Files.readAllBytes(dir.resolve("state.bin.corrupt-" + STAMP))[0]);
    }

    @Test
    void aFileOfANewerFormatIsSetAsideAsUnsupported() throws IOException {
        FileStateStore store = open(dir);
        byte[] newer = StateFormat.encode(States.sample());
        ByteBuffer.wrap(newer).putShort(4, (short) 9);
        StateFormatTest.reseal(newer);
        Files.write(dir.resolve("state.bin"), newer);
        assertEquals(Optional.empty(), store.load());
        assertTrue(Files.exists(dir.resolve("state.bin.unsupported-" + STAMP)));
    }

    @Test
    void anotherNodesStateIsSetAsideNotAdopted() throws IOException {
        FileStateStore store = open(dir);
        Files.write(dir.resolve("state.bin"), StateFormat.encode(States.sample("someone-else", 3)));
        assertEquals(Optional.empty(), store.load());
        assertTrue(Files.exists(dir.resolve("state.bin.foreign-" + STAMP)));
        assertThrows(IllegalArgumentException.class, () -> store.save(States.sample("someone-else", 3)));
    }

    @Test
    void aDamagedNodeIdFileIsSetAsideAndTheIdRecoveredFromAnIntactState() throws IOException {
        open(dir).save(States.sample());
        Files.write(dir.resolve("node-id"), new byte[] {'\n', 0, 7});
        FileStateStore reopened = reopen(dir, Optional.empty(), SECOND, CLOCK);
        assertEquals(States.ID, reopened.nodeId());
        assertTrue(Files.exists(dir.resolve("node-id.corrupt-" + STAMP)));
        assertEquals(States.ID + "\n", Files.readString(dir.resolve("node-id"), StandardCharsets.UTF_8));
        assertEquals(Optional.of(States.sample()), reopened.load());
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
