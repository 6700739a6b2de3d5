package io.pekonode.consensus;

import java.util.List;
import java.util.Optional;

/**
 * What this node knows of the Raft group right now (a local view: the leader may already have changed).
 *
 * @param localId     this node's member id
 * @param role        {@code leader}, {@code follower}, {@code candidate}, {@code learner}, or {@code none}
 *                    when this node is not in the group (a non-voter, or a voter not yet added)
 * @param term        the Raft term this node is in (0 when not in the group)
 * @param leader      the leader's member id, when known
 * @param voters      the group's voting members, as this node last saw them (empty before the group formed)
 * @param learners    members catching up before they are promoted to voters
 * @param commitIndex the highest log position this node knows to be committed
 */
public record ConsensusStatus(String localId, String role, long term, Optional<String> leader, List<String> voters,
                              List<String> learners, long commitIndex) {

    public ConsensusStatus {
        voters = List.copyOf(voters);
        learners = List.copyOf(learners);
    }
}
