package io.pekonode.engine.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * File operations that survive a crash at any point: a reader sees either the old file or the new
 * one, never a mix, and a damaged file is renamed, never overwritten.
 */
public final class AtomicFiles {

    static final String TEMP_SUFFIX = ".tmp";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to a temp file beside {@code target}, forces it to disk, renames it over
     * the target (atomically where the file system can) and forces the directory entry too. The temp
     * file is created owner-only on POSIX file systems, so secrets written this way (key files) never
     * sit world-readable. On failure the target is unchanged and the temp file is removed.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, target.getFileName() + ".", TEMP_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Left-over temp files of interrupted writes of {@code target} (their content never counts). */
    static List<Path> strayTemps(Path target) throws IOException {
        List<Path> found = new ArrayList<>();
        String prefix = target.getFileName() + ".";
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(target.toAbsolutePath().getParent())) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX)) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    /**
     * Renames {@code file} to {@code <name>.<label>-<UTC timestamp>} (with a counter if that exists).
     *
     * @return the new path
     */
    static Path moveAside(Path file, String label, Instant now) throws IOException {
        String base = file.getFileName() + "." + label + "-" + STAMP.format(now);
        for (int attempt = 0; ; attempt++) {
            Path aside = file.resolveSibling(attempt == 0 ? base : base + "-" + attempt);
            try {
                Files.move(file, aside); // no REPLACE_EXISTING: an earlier set-aside file is kept
                forceDirectory(file.toAbsolutePath().getParent());
                return aside;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 1000) {
                    throw e;
                }
            }
        }
    }

    /** Makes a rename durable; some systems (Windows) cannot open a directory, and then there is nothing to do. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here; the rename itself is still atomic.
        }
    }
}
