package io.pekonode.consensus.wire;

import io.pekonode.consensus.state.Operation;
import java.util.List;
import java.util.Objects;

/** The call protocol between a node and a member of the Raft group, besides Raft's own messages. */
public sealed interface CallMessage {

    /**
     * An operation for the group. Answered at once by a {@link CallAck}; when accepted, the outcome
     * follows later as a {@link CallResult}, so no handler thread waits for a commit.
     *
     * @param stale for a read: any member may answer from its applied state
     */
    record Call(long callId, Operation operation, boolean stale) implements CallMessage {
        public Call {
            Objects.requireNonNull(operation, "operation");
        }
    }

    /** The immediate answer to a {@link Call}: accepted (the result follows), or an outcome already. */
    record CallAck(Outcome immediate) implements CallMessage {
        /** Null when accepted. */
        public CallAck {
        }

        public boolean accepted() {
            return immediate == null;
        }
    }

    record CallResult(long callId, Outcome outcome) implements CallMessage {
        public CallResult {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * From the leader to a voter outside the group: start a Raft member of group {@code groupId}, whose
     * initial members were {@code initialMembers}; the leader then adds it as a learner.
     */
    record Invite(String groupId, List<String> initialMembers) implements CallMessage {
        public Invite {
            Objects.requireNonNull(groupId, "groupId");
            initialMembers = List.copyOf(initialMembers);
        }
    }

    /** The answer to an {@link Invite}: {@code ready} when the member runs, else why not. */
    record InviteReply(boolean ready, String reason) implements CallMessage {
        public InviteReply {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
