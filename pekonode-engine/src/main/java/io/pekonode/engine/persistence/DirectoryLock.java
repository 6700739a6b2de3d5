package io.pekonode.engine.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a second node off a data directory in use: an exclusive OS lock on the file {@value #FILE}
 * in it, held from open to {@link #close}. Two nodes writing one state file would each overwrite
 * the other's identity and members.
 *
 * <p>The lock belongs to the process, not to the file: when the process dies (even by kill -9) the
 * OS drops it, so a lock file left behind by a crash never blocks a restart. The file holds the
 * holder's pid, for the message a second node gets.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE = "lock";
    /**
     * Lock files held by this process. Checked before opening the file at all: on POSIX systems,
     * closing any channel to a file drops every lock the process holds on it, so a second node in
     * the same JVM must not even open (and then close) the lock file of the first.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws IllegalStateException when another node (in this process or another) holds the directory
     * @throws IOException           when the lock file cannot be opened or written
     */
    static DirectoryLock acquire(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        Path key = directory.toRealPath().resolve(FILE);
        if (!HELD.add(key)) {
            throw inUse(directory, "lock file " + file + " held by this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(directory, holder(channel, file));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new DirectoryLock(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close(); // releases the lock too
            }
            HELD.remove(key);
            throw e;
        }
    }

    private static IllegalStateException inUse(Path directory, String holder) {
        return new IllegalStateException("data directory " + directory + " is in use by another running node ("
                + holder + "); one node per data directory: stop that node or use another directory");
    }

    /** Who holds the lock, read through our own channel (another process's lock is advisory to reads). */
    private static String holder(FileChannel channel, Path file) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return "lock file " + file + " held" + (text.isEmpty() ? "" : " by " + text);
        } catch (IOException | RuntimeException e) {
            return "lock file " + file + " held";
        }
    }

    /** Releases the lock; the file stays (deleting it would race with a node taking it). Idempotent. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
            HELD.remove(key);
        }
    }
}
