package io.pekonode.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed keyring is saved in the key-file format before it takes effect, atomically. */
class KeyFileWriteTest {

    @Test
    void formatKeepsExistingLinesAndCommentsAndWritesNewKeysInBase64() {
        ClusterKey added = ClusterKey.generate();
        ClusterKey raw = ClusterKey.generate();
        String before = "# prod keys\n" + raw.toBase64() + "\n\npassphrase: old go secret\n";
        Keyring ring = KeyFile.parse(before).withKey(added).withPrimary(added.id()).without(raw.id());
        String after = KeyFile.format(ring, before);
        assertEquals("# prod keys\n" + added.toBase64() + "\npassphrase: old go secret\n", after);
        assertEquals(ring.ids(), KeyFile.parse(after).ids(), "reads back as the same keyring, primary first");
    }

    @Test
    void writeReplacesTheFileAtomicallyOwnerOnlyAndLeavesNoTempFile(@TempDir Path dir) throws IOException {
        ClusterKey first = ClusterKey.generate();
        ClusterKey second = ClusterKey.generate();
        Path file = dir.resolve("keys");
        Files.writeString(file, first.toBase64() + "\n");
        KeyFile.write(file, Keyring.of(second, first));
        assertEquals(List.of(second.id(), first.id()), KeyFile.parse(Files.readString(file)).ids());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temp file left");
        }
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void aChangeThatCannotBeSavedIsNotMade(@TempDir Path dir) throws IOException {
        ClusterKey k = ClusterKey.generate();
        ClusterKey next = ClusterKey.generate();
        Path file = dir.resolve("keys");
        Files.writeString(file, k.toBase64() + "\n");
        boolean[] broken = {false};
        WireSecurity security = WireSecurity.builder(Keyring.of(k)).keyringStore(ring -> {
            if (broken[0]) {
                throw new IOException("disk full");
            }
            KeyFile.write(file, ring);
        }).build();

        security.install(next);
        security.use(next.id());
        assertEquals(List.of(next.id(), k.id()), KeyFile.parse(Files.readString(file, StandardCharsets.UTF_8)).ids());

        broken[0] = true;
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> security.remove(k.id()));
        assertTrue(e.getMessage().contains("keyring unchanged"), e.getMessage());
        assertEquals(List.of(next.id(), k.id()), security.keyring().ids(), "the running keyring matches the file");
        assertEquals(List.of(next.id(), k.id()), KeyFile.parse(Files.readString(file, StandardCharsets.UTF_8)).ids());
    }
}
