package io.pekonode.consensus.wire;

import io.pekonode.consensus.state.Operation;
import io.pekonode.consensus.state.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Encodes {@link CallMessage}s: magic, version and type as in {@link RaftCodec}, then the fields. */
public final class CallCodec {

    private static final int CALL = 1;
    private static final int ACK = 2;
    private static final int RESULT = 3;
    private static final int INVITE = 4;
    private static final int INVITE_REPLY = 5;

    private static final int DONE = 0;
    private static final int NOT_LEADER = 1;
    private static final int RETRY = 2;
    private static final int UNKNOWN = 3;
    private static final int REJECTED = 4;

    private static final int WRITTEN = 1;
    private static final int DELETED = 2;
    private static final int FOUND = 3;
    private static final int NOT_FOUND = 4;
    private static final int MISMATCH = 5;
    private static final int GRANTED = 6;
    private static final int HELD = 7;
    private static final int FREE = 8;
    private static final int RELEASED = 9;
    private static final int APPLIED = 10;

    private static final int MAX_REASON = 1024;

    private final RaftCodec raft;
    private final WireLimits limits;

    public CallCodec(RaftCodec raft) {
        this.raft = raft;
        this.limits = raft.limits();
    }

    public byte[] encode(CallMessage message) {
        WireWriter w = new WireWriter(64);
        w.writeByte(RaftCodec.MAGIC).writeByte(RaftCodec.VERSION);
        if (message instanceof CallMessage.Call c) {
            w.writeByte(CALL).writeVarLong(c.callId()).writeBoolean(c.stale());
            raft.writeOperation(w, c.operation());
        } else if (message instanceof CallMessage.CallAck a) {
            w.writeByte(ACK).writeBoolean(a.accepted());
            if (!a.accepted()) {
                writeOutcome(w, a.immediate());
            }
        } else if (message instanceof CallMessage.CallResult r) {
            w.writeByte(RESULT).writeVarLong(r.callId());
            writeOutcome(w, r.outcome());
        } else if (message instanceof CallMessage.Invite i) {
            w.writeByte(INVITE).writeString(i.groupId()).writeVarLong(i.initialMembers().size());
            i.initialMembers().forEach(w::writeString);
        } else if (message instanceof CallMessage.InviteReply r) {
            w.writeByte(INVITE_REPLY).writeBoolean(r.ready()).writeString(truncate(r.reason()));
        }
        return w.toByteArray();
    }

    public CallMessage decode(byte[] bytes) throws MalformedMessageException {
        if (bytes.length > limits.maxMessageBytes()) {
            throw new MalformedMessageException("call message of " + bytes.length + " bytes is over the limit of "
                    + limits.maxMessageBytes());
        }
        WireReader r = new WireReader(bytes);
        RaftCodec.header(r, "call message");
        int type = r.readByte();
        CallMessage message;
        switch (type) {
            case CALL -> {
                long id = r.readVarLong();
                boolean stale = r.readBoolean();
                Object op = raft.readOperation(r);
                if (!(op instanceof Operation operation) || op instanceof Operation.NewTerm || op instanceof Operation.Expire) {
                    throw new MalformedMessageException("a call cannot carry " + op.getClass().getSimpleName());
                }
                message = new CallMessage.Call(id, operation, stale);
            }
            case ACK -> message = new CallMessage.CallAck(r.readBoolean() ? null : readOutcome(r));
            case RESULT -> message = new CallMessage.CallResult(r.readVarLong(), readOutcome(r));
            case INVITE -> {
                String group = r.readString(limits.maxIdLength(), "group id");
                int count = r.readCount(limits.maxMembers(), "member count");
                List<String> members = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    members.add(r.readString(limits.maxIdLength(), "member id"));
                }
                message = new CallMessage.Invite(group, members);
            }
            case INVITE_REPLY -> message = new CallMessage.InviteReply(r.readBoolean(), r.readString(MAX_REASON, "reason"));
            default -> throw new MalformedMessageException("unknown call message type " + type);
        }
        r.expectEnd("call message");
        return message;
    }

    private void writeOutcome(WireWriter w, Outcome outcome) {
        if (outcome instanceof Outcome.Done d) {
            w.writeByte(DONE);
            writeResult(w, d.result());
        } else if (outcome instanceof Outcome.NotLeader n) {
            w.writeByte(NOT_LEADER).writeString(n.leader().orElse(""));
        } else if (outcome instanceof Outcome.Retry x) {
            w.writeByte(RETRY).writeString(truncate(x.reason()));
        } else if (outcome instanceof Outcome.Unknown x) {
            w.writeByte(UNKNOWN).writeString(truncate(x.reason()));
        } else if (outcome instanceof Outcome.Rejected x) {
            w.writeByte(REJECTED).writeString(truncate(x.reason()));
        }
    }

    private Outcome readOutcome(WireReader r) throws MalformedMessageException {
        int kind = r.readByte();
        return switch (kind) {
            case DONE -> new Outcome.Done(readResult(r));
            case NOT_LEADER -> {
                String hint = r.readString(limits.maxIdLength(), "leader id");
                yield new Outcome.NotLeader(hint.isEmpty() ? Optional.empty() : Optional.of(hint));
            }
            case RETRY -> new Outcome.Retry(r.readString(MAX_REASON, "reason"));
            case UNKNOWN -> new Outcome.Unknown(r.readString(MAX_REASON, "reason"));
            case REJECTED -> new Outcome.Rejected(r.readString(MAX_REASON, "reason"));
            default -> throw new MalformedMessageException("unknown outcome " + kind);
        };
    }

    private static void writeResult(WireWriter w, Result result) {
        if (result instanceof Result.Written x) {
            w.writeByte(WRITTEN).writeVarLong(x.version());
        } else if (result instanceof Result.Deleted x) {
            w.writeByte(DELETED).writeBoolean(x.existed());
        } else if (result instanceof Result.Found x) {
            w.writeByte(FOUND).writeBytes(x.value()).writeVarLong(x.version());
        } else if (result instanceof Result.NotFound) {
            w.writeByte(NOT_FOUND);
        } else if (result instanceof Result.Mismatch x) {
            w.writeByte(MISMATCH).writeVarLong(x.currentVersion());
        } else if (result instanceof Result.Granted x) {
            w.writeByte(GRANTED).writeVarLong(x.token());
        } else if (result instanceof Result.Held x) {
            w.writeByte(HELD).writeString(x.holder()).writeVarLong(x.token());
        } else if (result instanceof Result.Free) {
            w.writeByte(FREE);
        } else if (result instanceof Result.Released x) {
            w.writeByte(RELEASED).writeBoolean(x.wasHeld());
        } else if (result instanceof Result.Applied) {
            w.writeByte(APPLIED);
        }
    }

    private Result readResult(WireReader r) throws MalformedMessageException {
        int type = r.readByte();
        return switch (type) {
            case WRITTEN -> new Result.Written(r.readVarLong());
            case DELETED -> new Result.Deleted(r.readBoolean());
            case FOUND -> new Result.Found(r.readBytes(limits.maxValueBytes(), "value"), r.readVarLong());
            case NOT_FOUND -> new Result.NotFound();
            case MISMATCH -> new Result.Mismatch(r.readVarLong());
            case GRANTED -> new Result.Granted(r.readVarLong());
            case HELD -> new Result.Held(r.readString(limits.maxIdLength(), "holder"), r.readVarLong());
            case FREE -> new Result.Free();
            case RELEASED -> new Result.Released(r.readBoolean());
            case APPLIED -> new Result.Applied();
            default -> throw new MalformedMessageException("unknown result type " + type);
        };
    }

    private static String truncate(String s) {
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON);
    }
}
