package io.pekonode.consensus.raft;

import java.util.List;
import java.util.Optional;

/**
 * A group member's state as its last MicroRaft report showed it.
 *
 * @param membersLogIndex the log index of the committed member list (membership changes must name it)
 * @param removed         this member applied its own removal from the group
 * @param snapshotIndex   the log index of the latest snapshot this member took or installed (0: none)
 * @param installedSnapshots how many snapshots this member installed from the leader since it started
 */
public record MemberView(String role, long term, Optional<String> leader, List<String> voters, List<String> learners,
                         long commitIndex, long membersLogIndex, boolean terminated, boolean removed,
                         long snapshotIndex, int installedSnapshots) {

    public static final MemberView STARTING = new MemberView("follower", 0, Optional.empty(), List.of(), List.of(), 0, 0,
            false, false, 0, 0);

    public boolean isLeader() {
        return "leader".equals(role) && !terminated;
    }
}
