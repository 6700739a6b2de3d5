package io.pekonode.consensus.wire;

import io.microraft.MembershipChangeMode;
import io.microraft.RaftEndpoint;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.groupop.UpdateRaftGroupMembersOp;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.message.AppendEntriesFailureResponse;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.AppendEntriesSuccessResponse;
import io.microraft.model.message.InstallSnapshotRequest;
import io.microraft.model.message.InstallSnapshotResponse;
import io.microraft.model.message.PreVoteRequest;
import io.microraft.model.message.PreVoteResponse;
import io.microraft.model.message.RaftMessage;
import io.microraft.model.message.TriggerLeaderElectionRequest;
import io.microraft.model.message.VoteRequest;
import io.microraft.model.message.VoteResponse;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.pekonode.consensus.state.Operation;
import io.pekonode.consensus.state.Result;
import io.pekonode.consensus.state.SnapshotPart;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Encodes MicroRaft's ten message types, log entries, snapshot chunks and persistent state, and the
 * operations inside them. Layout of a message: magic {@code 'R'}, format version, type, group id,
 * sender id, term, then the type's fields in a fixed order; numbers are unsigned varints.
 *
 * <p>A newer format gets a new version number; a decoder refuses versions it does not know rather
 * than guessing, so mixed versions fail loudly instead of misreading each other.
 */
public final class RaftCodec {

    public static final int MAGIC = 'R';
    public static final int VERSION = 1;

    private static final int APPEND_REQUEST = 1;
    private static final int APPEND_SUCCESS = 2;
    private static final int APPEND_FAILURE = 3;
    private static final int INSTALL_SNAPSHOT_REQUEST = 4;
    private static final int INSTALL_SNAPSHOT_RESPONSE = 5;
    private static final int PRE_VOTE_REQUEST = 6;
    private static final int PRE_VOTE_RESPONSE = 7;
    private static final int VOTE_REQUEST = 8;
    private static final int VOTE_RESPONSE = 9;
    private static final int TRIGGER_ELECTION = 10;

    private static final int OP_PUT = 1;
    private static final int OP_DELETE = 2;
    private static final int OP_CAS = 3;
    private static final int OP_GET = 4;
    private static final int OP_ACQUIRE = 5;
    private static final int OP_RELEASE = 6;
    private static final int OP_EXPIRE = 7;
    private static final int OP_LOCK_INFO = 8;
    private static final int OP_NEW_TERM = 9;
    private static final int OP_RENEW = 10;
    private static final int OP_ONCE = 11;
    private static final int OP_MEMBERS = 20;
    private static final int OP_SNAPSHOT = 30;
    /** A snapshot chunk with the remembered answers of write calls (chunks of type 30 have none). */
    private static final int OP_SNAPSHOT_WITH_ANSWERS = 31;
    private static final int ANSWER_WRITTEN = 1;
    private static final int ANSWER_DELETED = 2;
    private static final int ANSWER_NOT_FOUND = 3;
    private static final int ANSWER_MISMATCH = 4;

    private static final long MAX_INDEX = Long.MAX_VALUE / 2;
    private static final int MAX_TERM = Integer.MAX_VALUE;

    private final WireLimits limits;
    private final RaftModelFactory model = new DefaultRaftModelFactory();

    public RaftCodec(WireLimits limits) {
        this.limits = limits;
    }

    public WireLimits limits() {
        return limits;
    }

    public RaftModelFactory modelFactory() {
        return model;
    }

    // ---- messages ----

    public byte[] encode(RaftMessage message) {
        WireWriter w = new WireWriter(128);
        w.writeByte(MAGIC).writeByte(VERSION);
        int type = typeOf(message);
        w.writeByte(type);
        w.writeString(String.valueOf(message.getGroupId()));
        writeEndpoint(w, message.getSender());
        w.writeVarLong(message.getTerm());
        if (message instanceof AppendEntriesRequest m) {
            w.writeVarLong(m.getPreviousLogTerm()).writeVarLong(m.getPreviousLogIndex()).writeVarLong(m.getCommitIndex());
            w.writeVarLong(m.getLogEntries().size());
            for (LogEntry e : m.getLogEntries()) {
                writeLogEntry(w, e);
            }
            w.writeVarLong(m.getQuerySequenceNumber()).writeVarLong(m.getFlowControlSequenceNumber());
        } else if (message instanceof AppendEntriesSuccessResponse m) {
            w.writeVarLong(m.getLastLogIndex()).writeVarLong(m.getQuerySequenceNumber())
                    .writeVarLong(m.getFlowControlSequenceNumber());
        } else if (message instanceof AppendEntriesFailureResponse m) {
            w.writeVarLong(m.getExpectedNextIndex()).writeVarLong(m.getQuerySequenceNumber())
                    .writeVarLong(m.getFlowControlSequenceNumber());
        } else if (message instanceof InstallSnapshotRequest m) {
            w.writeBoolean(m.isSenderLeader()).writeVarLong(m.getSnapshotTerm()).writeVarLong(m.getSnapshotIndex())
                    .writeVarLong(m.getTotalSnapshotChunkCount());
            w.writeBoolean(m.getSnapshotChunk() != null);
            if (m.getSnapshotChunk() != null) {
                writeSnapshotChunk(w, m.getSnapshotChunk());
            }
            writeEndpoints(w, m.getSnapshottedMembers());
            writeMembersView(w, m.getGroupMembersView());
            w.writeVarLong(m.getQuerySequenceNumber()).writeVarLong(m.getFlowControlSequenceNumber());
        } else if (message instanceof InstallSnapshotResponse m) {
            w.writeVarLong(m.getSnapshotIndex()).writeVarLong(m.getRequestedSnapshotChunkIndex())
                    .writeVarLong(m.getQuerySequenceNumber()).writeVarLong(m.getFlowControlSequenceNumber());
        } else if (message instanceof PreVoteRequest m) {
            w.writeVarLong(m.getLastLogTerm()).writeVarLong(m.getLastLogIndex());
        } else if (message instanceof PreVoteResponse m) {
            w.writeBoolean(m.isGranted());
        } else if (message instanceof VoteRequest m) {
            w.writeVarLong(m.getLastLogTerm()).writeVarLong(m.getLastLogIndex()).writeBoolean(m.isSticky());
        } else if (message instanceof VoteResponse m) {
            w.writeBoolean(m.isGranted());
        } else if (message instanceof TriggerLeaderElectionRequest m) {
            w.writeVarLong(m.getLastLogTerm()).writeVarLong(m.getLastLogIndex());
        }
        return w.toByteArray();
    }

    private static int typeOf(RaftMessage message) {
        if (message instanceof AppendEntriesRequest) {
            return APPEND_REQUEST;
        } else if (message instanceof AppendEntriesSuccessResponse) {
            return APPEND_SUCCESS;
        } else if (message instanceof AppendEntriesFailureResponse) {
            return APPEND_FAILURE;
        } else if (message instanceof InstallSnapshotRequest) {
            return INSTALL_SNAPSHOT_REQUEST;
        } else if (message instanceof InstallSnapshotResponse) {
            return INSTALL_SNAPSHOT_RESPONSE;
        } else if (message instanceof PreVoteRequest) {
            return PRE_VOTE_REQUEST;
        } else if (message instanceof PreVoteResponse) {
            return PRE_VOTE_RESPONSE;
        } else if (message instanceof VoteRequest) {
            return VOTE_REQUEST;
        } else if (message instanceof VoteResponse) {
            return VOTE_RESPONSE;
        } else if (message instanceof TriggerLeaderElectionRequest) {
            return TRIGGER_ELECTION;
        }
        throw new IllegalArgumentException("unknown Raft message " + message.getClass().getName());
    }

    public RaftMessage decode(byte[] bytes) throws MalformedMessageException {
        if (bytes.length > limits.maxMessageBytes()) {
            throw new MalformedMessageException("Raft message of " + bytes.length + " bytes is over the limit of "
                    + limits.maxMessageBytes());
        }
        WireReader r = new WireReader(bytes);
        header(r, "Raft message");
        int type = r.readByte();
        String groupId = r.readString(limits.maxIdLength(), "group id");
        RaftEndpoint sender = readEndpoint(r);
        int term = term(r);
        RaftMessage message = switch (type) {
            case APPEND_REQUEST -> {
                int prevTerm = term(r);
                long prevIndex = index(r);
                long commit = index(r);
                int count = r.readCount(limits.maxEntries(), "entry count");
                List<LogEntry> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    entries.add(readLogEntry(r));
                }
                yield model.createAppendEntriesRequestBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                        .setPreviousLogTerm(prevTerm).setPreviousLogIndex(prevIndex).setCommitIndex(commit)
                        .setLogEntries(entries).setQuerySequenceNumber(seq(r)).setFlowControlSequenceNumber(seq(r)).build();
            }
            case APPEND_SUCCESS -> model.createAppendEntriesSuccessResponseBuilder().setGroupId(groupId).setSender(sender)
                    .setTerm(term).setLastLogIndex(index(r)).setQuerySequenceNumber(seq(r))
                    .setFlowControlSequenceNumber(seq(r)).build();
            case APPEND_FAILURE -> model.createAppendEntriesFailureResponseBuilder().setGroupId(groupId).setSender(sender)
                    .setTerm(term).setExpectedNextIndex(index(r)).setQuerySequenceNumber(seq(r))
                    .setFlowControlSequenceNumber(seq(r)).build();
            case INSTALL_SNAPSHOT_REQUEST -> {
                boolean leader = r.readBoolean();
                int snapshotTerm = term(r);
                long snapshotIndex = index(r);
                int total = r.readVarInt(Integer.MAX_VALUE, "snapshot chunk count");
                SnapshotChunk chunk = r.readBoolean() ? readSnapshotChunk(r) : null;
                List<RaftEndpoint> snapshotted = readEndpoints(r);
                RaftGroupMembersView view = readMembersView(r);
                yield model.createInstallSnapshotRequestBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                        .setSenderLeader(leader).setSnapshotTerm(snapshotTerm).setSnapshotIndex(snapshotIndex)
                        .setTotalSnapshotChunkCount(total).setSnapshotChunk(chunk).setSnapshottedMembers(snapshotted)
                        .setGroupMembersView(view).setQuerySequenceNumber(seq(r)).setFlowControlSequenceNumber(seq(r)).build();
            }
            case INSTALL_SNAPSHOT_RESPONSE -> model.createInstallSnapshotResponseBuilder().setGroupId(groupId)
                    .setSender(sender).setTerm(term).setSnapshotIndex(index(r))
                    .setRequestedSnapshotChunkIndex(r.readVarInt(Integer.MAX_VALUE, "chunk index"))
                    .setQuerySequenceNumber(seq(r)).setFlowControlSequenceNumber(seq(r)).build();
            case PRE_VOTE_REQUEST -> model.createPreVoteRequestBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                    .setLastLogTerm(term(r)).setLastLogIndex(index(r)).build();
            case PRE_VOTE_RESPONSE -> model.createPreVoteResponseBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                    .setGranted(r.readBoolean()).build();
            case VOTE_REQUEST -> model.createVoteRequestBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                    .setLastLogTerm(term(r)).setLastLogIndex(index(r)).setSticky(r.readBoolean()).build();
            case VOTE_RESPONSE -> model.createVoteResponseBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                    .setGranted(r.readBoolean()).build();
            case TRIGGER_ELECTION -> model.createTriggerLeaderElectionRequestBuilder().setGroupId(groupId).setSender(sender)
                    .setTerm(term).setLastLogTerm(term(r)).setLastLogIndex(index(r)).build();
            default -> throw new MalformedMessageException("unknown Raft message type " + type);
        };
        r.expectEnd("Raft message");
        return message;
    }

    // ---- log entries, snapshot chunks, persistent state (also the store's records) ----

    public void writeLogEntry(WireWriter w, LogEntry e) {
        w.writeVarLong(e.getIndex()).writeVarLong(e.getTerm());
        writeOperation(w, e.getOperation());
    }

    public LogEntry readLogEntry(WireReader r) throws MalformedMessageException {
        long index = index(r);
        int term = term(r);
        Object op = readOperation(r);
        return model.createLogEntryBuilder().setIndex(index).setTerm(term).setOperation(op).build();
    }

    public void writeSnapshotChunk(WireWriter w, SnapshotChunk c) {
        w.writeVarLong(c.getIndex()).writeVarLong(c.getTerm()).writeVarLong(c.getSnapshotChunkIndex())
                .writeVarLong(c.getSnapshotChunkCount());
        writeMembersView(w, c.getGroupMembersView());
        writeOperation(w, c.getOperation());
    }

    public SnapshotChunk readSnapshotChunk(WireReader r) throws MalformedMessageException {
        long index = index(r);
        int term = term(r);
        int chunkIndex = r.readVarInt(Integer.MAX_VALUE - 1, "chunk index");
        int chunkCount = r.readVarInt(Integer.MAX_VALUE, "chunk count");
        if (chunkCount < 1 || chunkIndex >= chunkCount) {
            throw new MalformedMessageException("chunk " + chunkIndex + " of " + chunkCount);
        }
        RaftGroupMembersView view = readMembersView(r);
        Object op = readOperation(r);
        return model.createSnapshotChunkBuilder().setIndex(index).setTerm(term).setSnapshotChunkIndex(chunkIndex)
                .setSnapshotChunkCount(chunkCount).setGroupMembersView(view).setOperation(op).build();
    }

    public void writeMembersView(WireWriter w, RaftGroupMembersView view) {
        w.writeVarLong(view.getLogIndex());
        writeEndpoints(w, view.getMembers());
        writeEndpoints(w, view.getVotingMembers());
    }

    public RaftGroupMembersView readMembersView(WireReader r) throws MalformedMessageException {
        long index = index(r);
        List<RaftEndpoint> members = readEndpoints(r);
        List<RaftEndpoint> voting = readEndpoints(r);
        if (!members.containsAll(voting)) {
            throw new MalformedMessageException("voting members " + voting + " are not all members " + members);
        }
        return model.createRaftGroupMembersViewBuilder().setLogIndex(index).setMembers(members).setVotingMembers(voting)
                .build();
    }

    public void writeEndpointState(WireWriter w, RaftEndpointPersistentState state) {
        writeEndpoint(w, state.getLocalEndpoint());
        w.writeBoolean(state.isVoting());
    }

    public RaftEndpointPersistentState readEndpointState(WireReader r) throws MalformedMessageException {
        RaftEndpoint endpoint = readEndpoint(r);
        return model.createRaftEndpointPersistentStateBuilder().setLocalEndpoint(endpoint).setVoting(r.readBoolean()).build();
    }

    public void writeTermState(WireWriter w, RaftTermPersistentState state) {
        w.writeVarLong(state.getTerm());
        w.writeBoolean(state.getVotedFor() != null);
        if (state.getVotedFor() != null) {
            writeEndpoint(w, state.getVotedFor());
        }
    }

    public RaftTermPersistentState readTermState(WireReader r) throws MalformedMessageException {
        int term = term(r);
        RaftEndpoint votedFor = r.readBoolean() ? readEndpoint(r) : null;
        return model.createRaftTermPersistentStateBuilder().setTerm(term).setVotedFor(votedFor).build();
    }

    // ---- operations ----

    public void writeOperation(WireWriter w, Object operation) {
        if (operation instanceof Operation.Put op) {
            w.writeByte(OP_PUT).writeString(op.key()).writeBytes(op.value());
        } else if (operation instanceof Operation.Delete op) {
            w.writeByte(OP_DELETE).writeString(op.key());
        } else if (operation instanceof Operation.CompareAndSet op) {
            w.writeByte(OP_CAS).writeString(op.key()).writeVarLong(op.expectedVersion()).writeBytes(op.value());
        } else if (operation instanceof Operation.Get op) {
            w.writeByte(OP_GET).writeString(op.key());
        } else if (operation instanceof Operation.Acquire op) {
            w.writeByte(OP_ACQUIRE).writeString(op.name()).writeString(op.holder());
        } else if (operation instanceof Operation.Release op) {
            w.writeByte(OP_RELEASE).writeString(op.name()).writeVarLong(op.token());
        } else if (operation instanceof Operation.Expire op) {
            w.writeByte(OP_EXPIRE).writeString(op.name()).writeVarLong(op.token());
        } else if (operation instanceof Operation.LockInfo op) {
            w.writeByte(OP_LOCK_INFO).writeString(op.name());
        } else if (operation instanceof Operation.Renew op) {
            w.writeByte(OP_RENEW).writeString(op.name()).writeVarLong(op.token());
        } else if (operation instanceof Operation.Once op) {
            w.writeByte(OP_ONCE).writeString(op.caller()).writeVarLong(op.callId());
            writeOperation(w, op.write());
        } else if (operation instanceof Operation.NewTerm) {
            w.writeByte(OP_NEW_TERM);
        } else if (operation instanceof UpdateRaftGroupMembersOp op) {
            w.writeByte(OP_MEMBERS);
            writeEndpoints(w, op.getMembers());
            writeEndpoints(w, op.getVotingMembers());
            writeEndpoint(w, op.getEndpoint());
            w.writeByte(op.getMode().ordinal());
        } else if (operation instanceof SnapshotPart part) {
            w.writeByte(part.answers().isEmpty() ? OP_SNAPSHOT : OP_SNAPSHOT_WITH_ANSWERS);
            w.writeVarLong(part.keys().size());
            for (SnapshotPart.KeyRecord k : part.keys()) {
                w.writeString(k.key()).writeBytes(k.value()).writeVarLong(k.version());
            }
            w.writeVarLong(part.locks().size());
            for (SnapshotPart.LockRecord l : part.locks()) {
                w.writeString(l.name()).writeString(l.holder()).writeVarLong(l.token());
            }
            if (!part.answers().isEmpty()) {
                w.writeVarLong(part.answers().size());
                for (SnapshotPart.AnswerRecord a : part.answers()) {
                    w.writeString(a.caller()).writeVarLong(a.callId());
                    writeAnswer(w, a.result());
                }
            }
        } else {
            throw new IllegalArgumentException("cannot encode operation " + operation.getClass().getName());
        }
    }

    public Object readOperation(WireReader r) throws MalformedMessageException {
        int type = r.readByte();
        return switch (type) {
            case OP_PUT -> new Operation.Put(key(r), value(r));
            case OP_DELETE -> new Operation.Delete(key(r));
            case OP_CAS -> new Operation.CompareAndSet(key(r), index(r), value(r));
            case OP_GET -> new Operation.Get(key(r));
            case OP_ACQUIRE -> new Operation.Acquire(lockName(r), id(r));
            case OP_RELEASE -> new Operation.Release(lockName(r), index(r));
            case OP_EXPIRE -> new Operation.Expire(lockName(r), index(r));
            case OP_LOCK_INFO -> new Operation.LockInfo(lockName(r));
            case OP_NEW_TERM -> new Operation.NewTerm();
            case OP_RENEW -> new Operation.Renew(lockName(r), index(r));
            case OP_ONCE -> {
                String caller = id(r);
                long callId = seq(r);
                Object write = readOperation(r);
                if (!(write instanceof Operation op) || !Operation.Once.applies(op)) {
                    throw new MalformedMessageException("a call id on something other than a map write");
                }
                yield new Operation.Once(caller, callId, op);
            }
            case OP_MEMBERS -> {
                List<RaftEndpoint> members = readEndpoints(r);
                List<RaftEndpoint> voting = readEndpoints(r);
                RaftEndpoint endpoint = readEndpoint(r);
                int mode = r.readByte();
                if (mode >= MembershipChangeMode.values().length) {
                    throw new MalformedMessageException("unknown membership change mode " + mode);
                }
                yield model.createUpdateRaftGroupMembersOpBuilder().setMembers(members).setVotingMembers(voting)
                        .setEndpoint(endpoint).setMode(MembershipChangeMode.values()[mode]).build();
            }
            case OP_SNAPSHOT, OP_SNAPSHOT_WITH_ANSWERS -> {
                int keyCount = r.readCount(Integer.MAX_VALUE, "snapshot key count");
                List<SnapshotPart.KeyRecord> keys = new ArrayList<>(keyCount);
                for (int i = 0; i < keyCount; i++) {
                    keys.add(new SnapshotPart.KeyRecord(key(r), value(r), index(r)));
                }
                int lockCount = r.readCount(Integer.MAX_VALUE, "snapshot lock count");
                List<SnapshotPart.LockRecord> locks = new ArrayList<>(lockCount);
                for (int i = 0; i < lockCount; i++) {
                    locks.add(new SnapshotPart.LockRecord(lockName(r), id(r), index(r)));
                }
                List<SnapshotPart.AnswerRecord> answers = new ArrayList<>();
                if (type == OP_SNAPSHOT_WITH_ANSWERS) {
                    int answerCount = r.readCount(Integer.MAX_VALUE, "snapshot answer count");
                    for (int i = 0; i < answerCount; i++) {
                        answers.add(new SnapshotPart.AnswerRecord(id(r), seq(r), readAnswer(r)));
                    }
                }
                yield new SnapshotPart(keys, locks, answers);
            }
            default -> throw new MalformedMessageException("unknown operation type " + type);
        };
    }

    /** The result of a map write (the only ones remembered for calls sent again). */
    private static void writeAnswer(WireWriter w, Result result) {
        if (result instanceof Result.Written x) {
            w.writeByte(ANSWER_WRITTEN).writeVarLong(x.version());
        } else if (result instanceof Result.Deleted x) {
            w.writeByte(ANSWER_DELETED).writeBoolean(x.existed());
        } else if (result instanceof Result.NotFound) {
            w.writeByte(ANSWER_NOT_FOUND);
        } else if (result instanceof Result.Mismatch x) {
            w.writeByte(ANSWER_MISMATCH).writeVarLong(x.currentVersion());
        } else {
            throw new IllegalArgumentException("not the result of a map write: " + result);
        }
    }

    private static Result readAnswer(WireReader r) throws MalformedMessageException {
        int type = r.readByte();
        return switch (type) {
            case ANSWER_WRITTEN -> new Result.Written(index(r));
            case ANSWER_DELETED -> new Result.Deleted(r.readBoolean());
            case ANSWER_NOT_FOUND -> new Result.NotFound();
            case ANSWER_MISMATCH -> new Result.Mismatch(index(r));
            default -> throw new MalformedMessageException("unknown answer type " + type);
        };
    }

    // ---- fields ----

    public static void header(WireReader r, String what) throws MalformedMessageException {
        int magic = r.readByte();
        if (magic != MAGIC) {
            throw new MalformedMessageException(what + ": not a consensus message (first byte " + magic + ")");
        }
        int version = r.readByte();
        if (version != VERSION) {
            throw new MalformedMessageException(what + ": format version " + version + ", this node reads " + VERSION);
        }
    }

    private void writeEndpoint(WireWriter w, RaftEndpoint endpoint) {
        w.writeString(MemberEndpoint.idOf(endpoint));
    }

    private RaftEndpoint readEndpoint(WireReader r) throws MalformedMessageException {
        String id = id(r);
        if (id.isEmpty()) {
            throw new MalformedMessageException("empty member id");
        }
        return new MemberEndpoint(id);
    }

    private void writeEndpoints(WireWriter w, Collection<RaftEndpoint> endpoints) {
        w.writeVarLong(endpoints.size());
        for (RaftEndpoint e : endpoints) {
            writeEndpoint(w, e);
        }
    }

    private List<RaftEndpoint> readEndpoints(WireReader r) throws MalformedMessageException {
        int count = r.readCount(limits.maxMembers(), "member count");
        List<RaftEndpoint> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RaftEndpoint e = readEndpoint(r);
            if (out.contains(e)) {
                throw new MalformedMessageException("member " + e + " listed twice");
            }
            out.add(e);
        }
        return out;
    }

    private String id(WireReader r) throws MalformedMessageException {
        return r.readString(limits.maxIdLength(), "member id");
    }

    private String key(WireReader r) throws MalformedMessageException {
        return r.readString(limits.maxKeyLength(), "key");
    }

    private String lockName(WireReader r) throws MalformedMessageException {
        return r.readString(limits.maxLockNameLength(), "lock name");
    }

    private byte[] value(WireReader r) throws MalformedMessageException {
        return r.readBytes(limits.maxValueBytes(), "value");
    }

    private static long index(WireReader r) throws MalformedMessageException {
        return r.readVarLong(MAX_INDEX, "log index");
    }

    private static long seq(WireReader r) throws MalformedMessageException {
        return r.readVarLong(Long.MAX_VALUE, "sequence number");
    }

    private static int term(WireReader r) throws MalformedMessageException {
        return r.readVarInt(MAX_TERM, "term");
    }
}
