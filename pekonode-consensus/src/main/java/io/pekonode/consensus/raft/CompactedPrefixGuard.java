package io.pekonode.consensus.raft;

import io.microraft.impl.RaftNodeImpl;
import io.microraft.impl.log.RaftLog;
import io.microraft.impl.state.RaftState;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.message.AppendEntriesRequest;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Works around a liveness bug of MicroRaft 0.7: a follower refuses, for ever, the appends of a leader that
 * starts them inside the follower's latest snapshot, and the leader can then never replicate to it again.
 *
 * <p>The bug: every member takes its own snapshots and drops the log entries the snapshot covers (keeping
 * about a tenth of the snapshot interval before it). When the follower's answers were lost, the leader's
 * idea of how far the follower got stays behind, and its next append names a previous entry that the
 * follower dropped. MicroRaft's follower only accepts a previous entry it still holds or its very last
 * one, so it refuses; the leader steps back one entry, and once it reaches the match index it knows for
 * the follower it logs "Cannot decrement next index" and stops. Every later heartbeat repeats this. The
 * follower never hears from the leader again: it falls behind for good, and a learner is never promoted.
 *
 * <p>The workaround, on the Raft node's executor (so no race with MicroRaft): an append whose previous
 * entry lies inside the local snapshot is rewritten to start at the newest entry the follower holds that
 * surely equals the leader's: a committed one, or one with the same term as the leader's entry at that
 * index in the append (Raft's log matching then makes everything before it equal too). Only entries the
 * follower already has are left out, and the term named for the new previous entry is the leader's, so the
 * rewritten append is one the leader could have sent: safety is MicroRaft's as before. When the entry
 * after the snapshot differs from the leader's, the append is handed over from the snapshot's index
 * (committed, so the leader's too) and MicroRaft replaces the differing entries as Raft says.
 *
 * <p>Pinned to MicroRaft 0.7 with {@link StalePreVoteGuard} (a member refuses to start with another
 * version). Remove it when MicroRaft's follower accepts a previous entry covered by its snapshot and
 * {@code SnapshotCatchUpSimTest} passes without it.
 */
final class CompactedPrefixGuard {

    private static final Logger LOG = LogManager.getLogger(CompactedPrefixGuard.class);

    private final RaftNodeImpl node;
    private final RaftModelFactory models;

    CompactedPrefixGuard(RaftNodeImpl node, RaftModelFactory models) {
        this.node = node;
        this.models = models;
    }

    /** The append to hand to MicroRaft; run on the node's executor. */
    AppendEntriesRequest adjust(AppendEntriesRequest request) {
        RaftState state = node.state();
        RaftLog log = state.log();
        long previous = request.getPreviousLogIndex();
        long snapshot = log.snapshotIndex();
        long last = log.lastLogOrSnapshotIndex();
        if (previous <= 0 || previous > snapshot || previous == last || log.containsLogEntry(previous)
                || request.getTerm() < state.term()) {
            return request;
        }
        List<LogEntry> entries = request.getLogEntries();
        long commit = state.commitIndex();
        long lastSent = previous + entries.size();
        for (long index = Math.min(last, Math.max(commit, lastSent)); index >= snapshot; index--) {
            int leaderTerm;
            if (index == snapshot) {
                if (index != last) {
                    break; // MicroRaft finds the snapshot's index only as the last one
                }
                leaderTerm = log.lastLogOrSnapshotTerm(); // committed: the leader's term for it too
            } else if (!log.containsLogEntry(index)) {
                continue;
            } else {
                int localTerm = log.getLogEntry(index).getTerm();
                if (index <= commit) {
                    leaderTerm = localTerm;
                } else if (index <= lastSent && entries.get((int) (index - previous - 1)).getTerm() == localTerm) {
                    leaderTerm = localTerm;
                } else {
                    continue;
                }
            }
            long from = index;
            LOG.debug("append from {} starts inside the snapshot at {}: handed to MicroRaft from {}", previous,
                    snapshot, from);
            return models.createAppendEntriesRequestBuilder().setGroupId(request.getGroupId())
                    .setSender(request.getSender()).setTerm(request.getTerm()).setPreviousLogTerm(leaderTerm)
                    .setPreviousLogIndex(from).setCommitIndex(request.getCommitIndex())
                    .setLogEntries(entries.subList((int) Math.min(entries.size(), Math.max(0, from - previous)), entries.size()))
                    .setQuerySequenceNumber(request.getQuerySequenceNumber())
                    .setFlowControlSequenceNumber(request.getFlowControlSequenceNumber()).build();
        }
        if (last > snapshot && lastSent > snapshot) {
            // The entry after the snapshot differs from the leader's (or is the only one it could match): the
            // snapshot's index, committed, matches the leader's, so MicroRaft may replace what follows. It
            // skips the check of the previous entry only for index 0; its answer then names a last index
            // too low for the leader to act on, and its commit index is left alone, so the next append
            // (now sharing the entry after the snapshot) is handed over from there.
            LOG.debug("append from {} starts inside the snapshot at {} and the next entry differs: replacing it",
                    previous, snapshot);
            return models.createAppendEntriesRequestBuilder().setGroupId(request.getGroupId())
                    .setSender(request.getSender()).setTerm(request.getTerm()).setPreviousLogTerm(0)
                    .setPreviousLogIndex(0).setCommitIndex(0)
                    .setLogEntries(entries.subList((int) (snapshot - previous), entries.size()))
                    .setQuerySequenceNumber(request.getQuerySequenceNumber())
                    .setFlowControlSequenceNumber(request.getFlowControlSequenceNumber()).build();
        }
        return request;
    }
}
