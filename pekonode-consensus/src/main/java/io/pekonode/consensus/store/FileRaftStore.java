package io.pekonode.consensus.store;

import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.log.SnapshotEntry;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStore;
import io.microraft.persistence.RestoredRaftState;
import io.pekonode.consensus.DamagedLogException;
import io.pekonode.consensus.wire.MalformedMessageException;
import io.pekonode.consensus.wire.RaftCodec;
import io.pekonode.consensus.wire.WireReader;
import io.pekonode.consensus.wire.WireWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A voter's Raft state in one directory:
 * <ul>
 *   <li>{@code group}, {@code endpoint}, {@code members}, {@code term}: one record each, replaced
 *       atomically (MicroRaft's "persist and flush" calls return once they are durable);</li>
 *   <li>{@code log}: append-only records (entries, truncations, snapshot chunks), made durable by
 *       {@link #flush()} and rewritten without what a snapshot made obsolete.</li>
 * </ul>
 * The store keeps a copy of what the log holds, so a compaction writes it out without reading back.
 * Used from the Raft thread only.
 */
public final class FileRaftStore implements RaftStore, AutoCloseable {

    private static final int ENTRY = 1;
    private static final int TRUNCATE_FROM = 2;
    private static final int SNAPSHOT_CHUNK = 3;
    private static final int DELETE_CHUNKS = 4;
    private static final int TRUNCATE_UNTIL = 5;

    private final Path dir;
    private final Path logFile;
    private final RaftCodec codec;
    private final boolean sync;
    private final TreeMap<Long, LogEntry> entries = new TreeMap<>();
    private final TreeMap<Long, TreeMap<Integer, SnapshotChunk>> chunks = new TreeMap<>();
    private final Optional<RestoredRaftState> restored;
    private final Optional<String> groupId;
    private FileChannel log;
    private long logLength;
    private long flushedLength;
    private boolean dirty;

    private FileRaftStore(Path dir, RaftCodec codec, boolean sync) throws IOException {
        this.dir = dir;
        this.logFile = dir.resolve("log");
        this.codec = codec;
        this.sync = sync;
        Files.createDirectories(dir);
        this.groupId = readSingle("group").map(b -> new String(b, StandardCharsets.UTF_8));
        this.restored = restore();
        openLog();
    }

    /**
     * Opens (or creates) the store in {@code dir} and reads what it holds.
     *
     * @param sync fsync on every flush; only tests of the simulator, whose "disk" never loses data, turn it off
     * @throws DamagedLogException when a file fails its checksums or the log does not hang together
     * @throws UncheckedIOException when the directory cannot be read or created
     */
    public static FileRaftStore open(Path dir, RaftCodec codec, boolean sync) {
        try {
            return new FileRaftStore(dir, codec, sync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the consensus store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The Raft state to restart from, when this directory held a member's state. */
    public Optional<RestoredRaftState> restored() {
        return restored;
    }

    /** The group this directory's member belongs to, once {@link #persistGroupId} wrote it. */
    public Optional<String> groupId() {
        return groupId;
    }

    public void persistGroupId(String id) throws IOException {
        writeSingle("group", id.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes of the log known durable: a crash loses at most what follows. */
    public long flushedLogLength() {
        return flushedLength;
    }

    public Path directory() {
        return dir;
    }

    /** Removes every file of the store (a member removed from the group starts over if it comes back). */
    public static void wipe(Path dir) throws IOException {
        for (String name : List.of("group", "endpoint", "members", "term", "log", "log.tmp", "group.tmp", "endpoint.tmp",
                "members.tmp", "term.tmp")) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    @Override
    public void persistAndFlushLocalEndpoint(RaftEndpointPersistentState state) throws IOException {
        WireWriter w = new WireWriter();
        codec.writeEndpointState(w, state);
        writeSingle("endpoint", w.toByteArray());
    }

    @Override
    public void persistAndFlushInitialGroupMembers(RaftGroupMembersView members) throws IOException {
        WireWriter w = new WireWriter();
        codec.writeMembersView(w, members);
        writeSingle("members", w.toByteArray());
    }

    @Override
    public void persistAndFlushTerm(RaftTermPersistentState state) throws IOException {
        WireWriter w = new WireWriter();
        codec.writeTermState(w, state);
        writeSingle("term", w.toByteArray());
    }

    @Override
    public void persistLogEntries(List<LogEntry> logEntries) throws IOException {
        for (LogEntry e : logEntries) {
            WireWriter w = new WireWriter(64).writeByte(ENTRY);
            codec.writeLogEntry(w, e);
            append(w.toByteArray());
            entries.put(e.getIndex(), e);
        }
    }

    @Override
    public void persistSnapshotChunk(SnapshotChunk chunk) throws IOException {
        WireWriter w = new WireWriter(256).writeByte(SNAPSHOT_CHUNK);
        codec.writeSnapshotChunk(w, chunk);
        append(w.toByteArray());
        chunks.computeIfAbsent(chunk.getIndex(), i -> new TreeMap<>()).put(chunk.getSnapshotChunkIndex(), chunk);
    }

    @Override
    public void truncateLogEntriesFrom(long logIndexInclusive) throws IOException {
        append(new WireWriter(12).writeByte(TRUNCATE_FROM).writeVarLong(logIndexInclusive).toByteArray());
        entries.tailMap(logIndexInclusive, true).clear();
    }

    @Override
    public void truncateLogEntriesUntil(long logIndexInclusive) throws IOException {
        entries.headMap(logIndexInclusive, true).clear();
        long complete = latestCompleteSnapshot(chunks).orElse(0L);
        chunks.headMap(complete, false).clear();
        compact();
    }

    @Override
    public void deleteSnapshotChunks(long logIndex, int snapshotChunkCount) throws IOException {
        append(new WireWriter(12).writeByte(DELETE_CHUNKS).writeVarLong(logIndex).toByteArray());
        chunks.remove(logIndex);
    }

    @Override
    public void flush() throws IOException {
        if (dirty && sync) {
            log.force(false);
        }
        dirty = false;
        flushedLength = logLength;
    }

    @Override
    public void close() {
        try {
            if (log != null) {
                log.close();
            }
        } catch (IOException e) {
            // closing after a crash or on shutdown: nothing more to save
        }
    }

    // ---- writing ----

    private void append(byte[] payload) throws IOException {
        byte[] framed = RecordFile.frame(payload);
        RecordFile.writeFully(log, ByteBuffer.wrap(framed));
        logLength += framed.length;
        dirty = true;
    }

    /** Rewrites the log with what is still needed: the latest complete snapshot and the entries kept. */
    private void compact() throws IOException {
        List<byte[]> records = new ArrayList<>();
        for (TreeMap<Integer, SnapshotChunk> snapshot : chunks.values()) {
            for (SnapshotChunk chunk : snapshot.values()) {
                WireWriter w = new WireWriter(256).writeByte(SNAPSHOT_CHUNK);
                codec.writeSnapshotChunk(w, chunk);
                records.add(w.toByteArray());
            }
        }
        for (LogEntry e : entries.values()) {
            WireWriter w = new WireWriter(64).writeByte(ENTRY);
            codec.writeLogEntry(w, e);
            records.add(w.toByteArray());
        }
        log.close();
        RecordFile.writeAtomically(logFile, records, sync);
        openLog();
        dirty = false;
    }

    private void openLog() throws IOException {
        if (!Files.exists(logFile)) {
            RecordFile.writeAtomically(logFile, List.of(), sync);
        }
        log = FileChannel.open(logFile, StandardOpenOption.WRITE, StandardOpenOption.READ);
        logLength = log.size();
        log.position(logLength);
        flushedLength = logLength;
    }

    private void writeSingle(String name, byte[] payload) throws IOException {
        RecordFile.writeAtomically(dir.resolve(name), List.of(payload), sync);
    }

    // ---- reading ----

    private Optional<byte[]> readSingle(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        RecordFile.Contents contents = RecordFile.read(file);
        if (contents.tornTail() || contents.records().size() != 1) {
            // Written atomically: anything but one whole record is damage, not a crash.
            throw new DamagedLogException(file, "expected one record, found " + contents.records().size()
                    + (contents.tornTail() ? " and a partial one" : ""));
        }
        return Optional.of(contents.records().get(0));
    }

    private Optional<RestoredRaftState> restore() throws IOException {
        Optional<byte[]> endpointBytes = readSingle("endpoint");
        Optional<byte[]> membersBytes = readSingle("members");
        Optional<byte[]> termBytes = readSingle("term");
        if (Files.exists(logFile)) {
            replayLog();
        }
        if (endpointBytes.isEmpty() || membersBytes.isEmpty()) {
            if (!entries.isEmpty() || termBytes.isPresent()) {
                throw new DamagedLogException(dir.resolve("endpoint"), "the log or term exists but the member's identity"
                        + " or initial members are missing");
            }
            return Optional.empty();
        }
        RaftEndpointPersistentState endpoint = decode("endpoint", endpointBytes.get(), codec::readEndpointState);
        RaftGroupMembersView members = decode("members", membersBytes.get(), codec::readMembersView);
        RaftTermPersistentState term = termBytes.isPresent() ? decode("term", termBytes.get(), codec::readTermState)
                : codec.modelFactory().createRaftTermPersistentStateBuilder().setTerm(0).setVotedFor(null).build();
        SnapshotEntry snapshot = null;
        Optional<Long> snapshotIndex = latestCompleteSnapshot(chunks);
        long after = 0;
        if (snapshotIndex.isPresent()) {
            List<SnapshotChunk> parts = new ArrayList<>(chunks.get(snapshotIndex.get()).values());
            SnapshotChunk first = parts.get(0);
            snapshot = codec.modelFactory().createSnapshotEntryBuilder().setIndex(first.getIndex()).setTerm(first.getTerm())
                    .setSnapshotChunks(parts).setGroupMembersView(first.getGroupMembersView()).build();
            after = first.getIndex();
        }
        List<LogEntry> kept = new ArrayList<>(entries.tailMap(after, false).values());
        long expected = after + 1;
        int lastTerm = 0;
        for (LogEntry e : kept) {
            if (e.getIndex() != expected) {
                throw new DamagedLogException(logFile, "entry " + expected + " is missing (next is " + e.getIndex() + ")");
            }
            if (e.getTerm() < lastTerm) {
                throw new DamagedLogException(logFile, "entry " + e.getIndex() + " has term " + e.getTerm()
                        + ", lower than the entry before it");
            }
            lastTerm = e.getTerm();
            expected++;
        }
        return Optional.of(new RestoredRaftState(endpoint, members, term, snapshot, kept));
    }

    private void replayLog() throws IOException {
        RecordFile.Contents contents = RecordFile.read(logFile);
        for (byte[] record : contents.records()) {
            WireReader r = new WireReader(record);
            try {
                int type = r.readByte();
                switch (type) {
                    case ENTRY -> {
                        LogEntry e = codec.readLogEntry(r);
                        entries.put(e.getIndex(), e);
                    }
                    case TRUNCATE_FROM -> entries.tailMap(r.readVarLong(), true).clear();
                    case SNAPSHOT_CHUNK -> {
                        SnapshotChunk c = codec.readSnapshotChunk(r);
                        chunks.computeIfAbsent(c.getIndex(), i -> new TreeMap<>()).put(c.getSnapshotChunkIndex(), c);
                    }
                    case DELETE_CHUNKS -> chunks.remove(r.readVarLong());
                    case TRUNCATE_UNTIL -> entries.headMap(r.readVarLong(), true).clear();
                    default -> throw new MalformedMessageException("unknown record type " + type);
                }
                r.expectEnd("log record");
            } catch (MalformedMessageException e) {
                throw new DamagedLogException(logFile, "a record passes its checksum but cannot be read: " + e.getMessage());
            }
        }
        if (contents.tornTail()) {
            // A crash cut the last append short; it was never flushed, so never acknowledged: drop it.
            try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.WRITE)) {
                ch.truncate(contents.validLength() == 0 ? 0 : contents.validLength());
                if (sync) {
                    ch.force(true);
                }
            }
            if (contents.validLength() == 0) {
                Files.delete(logFile);
            }
        }
    }

    private static Optional<Long> latestCompleteSnapshot(TreeMap<Long, TreeMap<Integer, SnapshotChunk>> chunks) {
        for (Map.Entry<Long, TreeMap<Integer, SnapshotChunk>> e : chunks.descendingMap().entrySet()) {
            TreeMap<Integer, SnapshotChunk> parts = e.getValue();
            if (!parts.isEmpty()) {
                int count = parts.firstEntry().getValue().getSnapshotChunkCount();
                if (parts.size() == count && parts.firstKey() == 0 && parts.lastKey() == count - 1) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    private interface Decoder<T> {
        T read(WireReader r) throws MalformedMessageException;
    }

    private <T> T decode(String name, byte[] bytes, Decoder<T> decoder) throws DamagedLogException {
        try {
            WireReader r = new WireReader(bytes);
            T value = decoder.read(r);
            r.expectEnd(name);
            return value;
        } catch (MalformedMessageException e) {
            throw new DamagedLogException(dir.resolve(name), "it passes its checksum but cannot be read: " + e.getMessage());
        }
    }
}
