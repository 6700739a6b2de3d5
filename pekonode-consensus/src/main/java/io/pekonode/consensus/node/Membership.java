package io.pekonode.consensus.node;

import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.raft.GroupMember;
import io.pekonode.consensus.raft.MemberView;
import io.pekonode.consensus.raft.Scheduler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The leader's upkeep of the group against what gossip says, one change at a time: remove a voter that
 * left, or that was dead for {@link ConsensusConfig#deadVoterTimeout()}, while the group stays at or above
 * {@link ConsensusConfig#minVoters()}; below {@link ConsensusConfig#expectedVoters()}, invite a live voter
 * from outside, add it as a learner and promote it once its log caught up with the commit index.
 * Every change is a Raft membership change, so it happens only if a majority of the group commits it.
 */
final class Membership {

    private static final Logger LOG = LogManager.getLogger(Membership.class);

    private final ConsensusService service;
    private final ConsensusConfig config;
    private final ClusterPort port;
    private final Scheduler scheduler;
    private final Map<String, Long> downSince = new HashMap<>();
    /** Live voters that run a member of this group without being in its committed member list, since when. */
    private final Map<String, Long> straySince = new HashMap<>();
    private boolean busy;

    Membership(ConsensusService service, ConsensusConfig config, ClusterPort port, Scheduler scheduler) {
        this.service = service;
        this.config = config;
        this.port = port;
        this.scheduler = scheduler;
    }

    /** Runs on the scheduler, on the leader. */
    void maintain(GroupMember member) {
        if (busy) {
            return;
        }
        MemberView view = member.view();
        Map<String, ClusterPort.Voter> gossip = new HashMap<>();
        port.voters().forEach(v -> gossip.put(v.id(), v));
        long now = scheduler.nowMillis();
        for (String id : view.voters()) {
            ClusterPort.Voter v = gossip.get(id);
            boolean alive = v != null && v.alive();
            if (alive || id.equals(port.localId())) {
                downSince.remove(id);
            } else {
                downSince.putIfAbsent(id, now);
            }
        }
        Optional<String> departed = view.voters().stream().filter(id -> !id.equals(port.localId()))
                .filter(id -> leftGracefully(gossip.get(id))
                        || now - downSince.getOrDefault(id, now) >= config.deadVoterTimeout().toMillis())
                .findFirst();
        if (departed.isPresent() && view.voters().size() > config.minVoters()) {
            LOG.info("removing voter {} from the consensus group ({})", departed.get(),
                    leftGracefully(gossip.get(departed.get())) ? "it left" : "dead for " + config.deadVoterTimeout());
            change(member.remove(departed.get()));
            return;
        }
        for (String learner : view.learners()) {
            ClusterPort.Voter v = gossip.get(learner);
            if (v == null || !v.alive()) {
                change(member.remove(learner));
                return;
            }
        }
        List<String> initial = member.initialMembers();
        List<String> strays = strays(view, gossip, initial, now);
        if (view.voters().size() >= config.expectedVoters()) {
            if (!view.learners().isEmpty()) {
                // Left over when two were taken in (one per leader, say): it would hold a learner place for ever.
                LOG.info("removing learner {}: the group has its {} voters", view.learners().get(0), config.expectedVoters());
                change(member.remove(view.learners().get(0)));
            }
            return;
        }
        if (!view.learners().isEmpty()) {
            String learner = view.learners().get(0);
            busy = true;
            member.matchIndices().whenComplete((match, e) -> scheduler.execute(() -> {
                busy = false;
                if (e == null && match.getOrDefault(learner, -1L) >= match.getOrDefault(port.localId(), 0L)) {
                    LOG.info("promoting {} to voter: its log caught up", learner);
                    change(member.promote(learner));
                }
            }));
            return;
        }
        // MicroRaft 0.7 never adds a member of the initial list again once it was removed.
        Optional<ClusterPort.Voter> candidate = gossip.values().stream()
                .filter(v -> v.alive() && (!v.inGroup() || strays.contains(v.id())) && !view.voters().contains(v.id())
                        && !initial.contains(v.id())).sorted(
                        java.util.Comparator.comparing(ClusterPort.Voter::id)).findFirst();
        if (candidate.isPresent()) {
            String id = candidate.get().id();
            busy = true;
            service.invite(id, initial).whenComplete((reply, e) -> scheduler.execute(() -> {
                busy = false;
                if (e == null && reply.ready()) {
                    LOG.info("adding voter {} to the consensus group as a learner", id);
                    change(member.addLearner(id));
                }
            }));
        }
    }

    /**
     * Live voters that announce membership of this group but are not in its committed member list for
     * longer than two election timeouts: a voter removed while it was down and restarted from its Raft
     * state, which nobody sends the log to, or one invited whose addition never committed. Left alone it
     * would stay outside forever, believing itself a member.
     */
    private List<String> strays(MemberView view, Map<String, ClusterPort.Voter> gossip, List<String> groupStart, long now) {
        List<String> out = new java.util.ArrayList<>();
        for (ClusterPort.Voter v : gossip.values()) {
            boolean stray = v.alive() && v.groupStart().equals(groupStart) && !view.voters().contains(v.id())
                    && !view.learners().contains(v.id()) && !v.id().equals(port.localId());
            if (!stray) {
                straySince.remove(v.id());
            } else if (now - straySince.computeIfAbsent(v.id(), id -> now) > 2 * config.electionTimeout().toMillis()) {
                out.add(v.id());
            }
        }
        straySince.keySet().retainAll(gossip.keySet());
        out.sort(null);
        return out;
    }

    private static boolean leftGracefully(ClusterPort.Voter v) {
        return v != null && v.left();
    }

    private void change(CompletableFuture<Void> change) {
        busy = true;
        change.whenComplete((r, e) -> scheduler.execute(() -> {
            busy = false;
            if (e != null) {
                LOG.debug("membership change did not go through: {}", e.toString());
            }
        }));
    }
}
