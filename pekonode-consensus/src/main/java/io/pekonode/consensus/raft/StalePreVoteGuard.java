package io.pekonode.consensus.raft;

import io.microraft.RaftNode;
import io.microraft.RaftNodeStatus;
import io.microraft.RaftRole;
import io.microraft.impl.RaftNodeImpl;
import io.microraft.impl.state.RaftState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Works around a liveness bug of MicroRaft 0.7: a follower can keep a stale pre-vote state for ever and
 * then never notice that its leader died.
 *
 * <p>The bug: a follower that votes moves to the new term with no known leader. If its heartbeat check
 * runs before the winner's first heartbeat arrives, it finds no leader and starts a pre-vote. The
 * heartbeat then names the leader in the same term, but nothing clears the pre-candidate state:
 * {@code RaftState.leader(..)} only records the leader, the pre-vote retry returns early once a leader
 * is known, and only a term change or a role change clears it. The heartbeat check, though, acts on a
 * silent leader only when there is no pre-candidate state. So when that leader dies, this follower never
 * calls an election, and it refuses the pre-votes of members whose log is older: a group left with two
 * such voters, or with one whose log is the newest, never elects a leader again.
 *
 * <p>The workaround: every heartbeat period, on the Raft node's own executor (so with no race against
 * MicroRaft, which runs all its work there), if this member is a follower that knows a leader, has a
 * pre-candidate state, and has not heard from the leader for the heartbeat timeout, it does what
 * MicroRaft's heartbeat check would have done without the stale state: it forgets the leader and starts
 * a pre-vote (which replaces the stale state). It uses public methods of MicroRaft's internal classes
 * (no reflection; MicroRaft is an automatic module, so all its packages are exported). It changes nothing
 * while the leader is heard from, and it only starts a pre-vote, so safety is MicroRaft's as before.
 *
 * <p>Pinned to MicroRaft {@value #MICRORAFT_VERSION}: with another version the member refuses to start.
 * Remove this class when MicroRaft clears the pre-candidate state once a leader is known (or its heartbeat
 * check no longer skips a silent leader while a pre-vote is pending) and {@code StalePreVoteSimTest}
 * passes without it.
 */
final class StalePreVoteGuard implements Runnable {

    private static final Logger LOG = LogManager.getLogger(StalePreVoteGuard.class);
    static final String MICRORAFT_VERSION = "0.7";

    private final RaftNodeImpl node;
    private final RaftExecutor executor;

    private StalePreVoteGuard(RaftNodeImpl node, RaftExecutor executor) {
        this.node = node;
        this.executor = executor;
    }

    /** A guard for {@code node}, which must run on {@code executor}; fails if MicroRaft is not the version it was written for. */
    static StalePreVoteGuard of(RaftNode node, RaftExecutor executor) {
        String version = microRaftVersion();
        if (!MICRORAFT_VERSION.equals(version) || !(node instanceof RaftNodeImpl impl)) {
            throw new IllegalStateException("MicroRaft " + version + " (node " + node.getClass().getName()
                    + ") found, but the workaround for its stale pre-vote bug (" + StalePreVoteGuard.class.getName()
                    + ") was written for MicroRaft " + MICRORAFT_VERSION + " and its internals: check whether the"
                    + " bug is fixed upstream (StalePreVoteSimTest), then remove or re-pin the workaround");
        }
        return new StalePreVoteGuard(impl, executor);
    }

    /** MicroRaft's version from its jar's Maven metadata. */
    static String microRaftVersion() {
        try (InputStream in = RaftNode.class.getResourceAsStream("/META-INF/maven/io.microraft/microraft/pom.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the checks; they stop when the node terminates. */
    void start() {
        schedule();
    }

    private void schedule() {
        // One MicroRaft second is one heartbeat period (see RaftTiming).
        executor.schedule(this, node.getConfig().getLeaderHeartbeatPeriodSecs(), TimeUnit.SECONDS);
    }

    @Override
    public void run() {
        RaftNodeStatus status = node.getStatus();
        if (RaftNodeStatus.isTerminal(status)) {
            return;
        }
        try {
            if (status != RaftNodeStatus.INITIAL) {
                check();
            }
        } finally {
            schedule();
        }
    }

    private void check() {
        RaftState state = node.state();
        if (state.role() == RaftRole.FOLLOWER && state.leader() != null && state.preCandidateState() != null
                && node.isLeaderHeartbeatTimeoutElapsed()) {
            LOG.warn("{}: no heartbeat from the leader {} for the heartbeat timeout in term {}, and a stale pre-vote"
                    + " (a MicroRaft {} bug) kept MicroRaft from acting on it: starting a pre-vote",
                    node.getLocalEndpoint().getId(), state.leader().getId(), state.term(), MICRORAFT_VERSION);
            node.leader(null);
            node.runPreVote();
        }
    }
}
