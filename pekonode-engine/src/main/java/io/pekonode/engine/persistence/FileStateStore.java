package io.pekonode.engine.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import io.pekonode.engine.runtime.NodeIds;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps a node's identity and state in a data directory: {@value #NODE_ID_FILE} (the id, created
 * once, plain UTF-8 text) and {@value #STATE_FILE} (the binary state, see {@code package-info}).
 *
 * <p>Never loses a good state silently: writes go through a temp file and an atomic rename, and a
 * state file that cannot be trusted is renamed to {@code state.bin.corrupt-<UTC time>} (or
 * {@code .unsupported-} for a newer format, {@code .foreign-} for another node's state) and
 * reported at WARN, so the next save does not overwrite it.
 *
 * <p>One node uses a directory at a time: {@link #open} takes an OS lock on {@code lock} in it (a
 * second node fails fast, naming the holder's pid) and {@link #close} releases it. The OS drops
 * the lock when the process dies, so a crash never leaves the directory blocked.
 */
public final class FileStateStore implements StateStore {

    public static final String NODE_ID_FILE = "node-id";
    public static final String STATE_FILE = "state.bin";
    private static final Logger LOG = LogManager.getLogger(FileStateStore.class);
    private static final int MAX_ID_LENGTH = 256;

    private final Path directory;
    private final String nodeId;
    private final Duration saveInterval;
    private final Clock clock;
    private final DirectoryLock lock;

    private FileStateStore(Path directory, String nodeId, Duration saveInterval, Clock clock, DirectoryLock lock) {
        this.lock = lock;
        this.directory = directory;
        this.nodeId = nodeId;
        this.saveInterval = saveInterval;
        this.clock = clock;
    }

    /**
     * Opens (creating if needed) the data directory and settles the node's id: the stored one, else
     * the configured one, else one recovered from an intact state file, else a new random id; a new
     * id is written to {@value #NODE_ID_FILE} at once.
     *
     * @param configuredId an id from the configuration, which must match a stored one
     * @throws IllegalStateException when the directory belongs to a node with another id than the configured
     *                               one, or another running node holds it (close the store to release it)
     * @throws UncheckedIOException  when the directory cannot be created, read or written
     */
    public static FileStateStore open(Path directory, Optional<String> configuredId, Duration saveInterval) {
        return open(directory, configuredId, saveInterval, Clock.systemUTC());
    }

    static FileStateStore open(Path directory, Optional<String> configuredId, Duration saveInterval, Clock clock) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(configuredId, "configuredId");
        if (saveInterval.isNegative() || saveInterval.isZero()) {
            throw new IllegalArgumentException("state save interval must be positive: " + saveInterval);
        }
        DirectoryLock lock = null;
        try {
            Files.createDirectories(directory);
            lock = DirectoryLock.acquire(directory);
            Optional<String> stored = readNodeId(directory, clock);
            if (stored.isPresent() && configuredId.isPresent() && !stored.get().equals(configuredId.get())) {
                throw new IllegalStateException("data directory " + directory + " belongs to node id '" + stored.get()
                        + "' but the configuration sets node id '" + configuredId.get() + "'; refusing to change"
                        + " identity: use another data directory, or remove the node id from the configuration");
            }
            String id = stored.or(() -> configuredId).or(() -> idFromState(directory))
                    .orElseGet(NodeIds::random);
            if (stored.isEmpty()) {
                AtomicFiles.write(directory.resolve(NODE_ID_FILE), (id + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return new FileStateStore(directory, id, saveInterval, clock, lock);
        } catch (IOException e) {
            release(lock);
            throw new UncheckedIOException("cannot use data directory " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /** Releases the directory lock, so another node may use the directory. Idempotent. */
    @Override
    public synchronized void close() {
        release(lock);
    }

    private static void release(DirectoryLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("Could not release the data directory lock: {}", e.toString());
        }
    }

    /** The node id kept in this directory. */
    public String nodeId() {
        return nodeId;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Duration saveInterval() {
        return saveInterval;
    }

    /**
     * The saved state, or empty when there is none or it cannot be trusted (then it is reported and
     * renamed aside). Left-over temp files of interrupted saves are deleted: they never count.
     */
    @Override
    public synchronized Optional<PersistedState> load() {
        Path file = directory.resolve(STATE_FILE);
        try {
            for (Path stray : AtomicFiles.strayTemps(file)) {
                LOG.info("Deleting {}, left by a save that was interrupted", stray);
                Files.deleteIfExists(stray);
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            PersistedState state;
            try {
                state = StateFormat.decode(bytes);
            } catch (StateFormatException e) {
                setAside(file, e.newerVersion() ? "unsupported" : "corrupt", e.getMessage());
                return Optional.empty();
            }
            if (!state.nodeId().equals(nodeId)) {
                setAside(file, "foreign", "it belongs to node id '" + state.nodeId() + "', not '" + nodeId + "'");
                return Optional.empty();
            }
            return Optional.of(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** @throws UncheckedIOException when the write fails; the previous state is then untouched */
    @Override
    public synchronized void save(PersistedState state) {
        if (!state.nodeId().equals(nodeId)) {
            throw new IllegalArgumentException("state of node '" + state.nodeId() + "' in the directory of '" + nodeId + "'");
        }
        try {
            AtomicFiles.write(directory.resolve(STATE_FILE), StateFormat.encode(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the state in " + directory + ": " + e.getMessage(), e);
        }
    }

    private void setAside(Path file, String label, String why) throws IOException {
        Path aside = AtomicFiles.moveAside(file, label, clock.instant());
        LOG.warn("State file {} cannot be used ({}); moved aside to {} and starting without it", file, why, aside);
    }

    private static Optional<String> readNodeId(Path directory, Clock clock) throws IOException {
        Path file = directory.resolve(NODE_ID_FILE);
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (validId(text)) {
            return Optional.of(text);
        }
        Path aside = AtomicFiles.moveAside(file, "corrupt", clock.instant());
        LOG.warn("Node id file {} is damaged; moved aside to {}", file, aside);
        return Optional.empty();
    }

    /** The id in an intact state file, for when the node id file was lost or damaged. */
    private static Optional<String> idFromState(Path directory) {
        try {
            String id = StateFormat.decode(Files.readAllBytes(directory.resolve(STATE_FILE))).nodeId();
            if (validId(id)) {
                LOG.warn("Node id file in {} missing or damaged; recovered id '{}' from the state file", directory, id);
                return Optional.of(id);
            }
        } catch (IOException e) {
            // no usable state either (load() will report a damaged one)
        }
        return Optional.empty();
    }

    private static boolean validId(String id) {
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        return id.codePoints().noneMatch(Character::isISOControl);
    }
}
