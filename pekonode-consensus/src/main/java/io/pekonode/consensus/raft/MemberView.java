package io.pekonode.consensus.raft;

import java.util.List;
import java.util.Optional;

/**
 * A group member's state as its last MicroRaft report showed it.
 *
 * @param membersLogIndex the log index of the committed member list (membership changes must name it)
 * @param removed         this member applied its own removal from the group
 */
public record MemberView(String role, long term, Optional<String> leader, List<String> voters, List<String> learners,
                         long commitIndex, long membersLogIndex, boolean terminated, boolean removed) {

    public static final MemberView STARTING = new MemberView("follower", 0, Optional.empty(), List.of(), List.of(), 0, 0,
            false, false);

    public boolean isLeader() {
        return "leader".equals(role) && !terminated;
    }
}
