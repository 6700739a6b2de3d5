package io.pekonode.consensus.raft;

import io.microraft.RaftConfig;
import io.pekonode.consensus.ConsensusConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * MicroRaft counts heartbeats in whole seconds, far too coarse for fail-over in about a second. So the
 * member runs MicroRaft on its own time base, in which one MicroRaft "second" is one heartbeat
 * interval: its clock runs faster by that factor and every delay it schedules is shrunk by it. Only
 * durations change; ordering, and so safety, does not depend on them.
 *
 * <p>With a heartbeat of 100 ms and an election timeout of 1 s, MicroRaft sees a heartbeat period of
 * 1 s and a heartbeat timeout of 10 s, and the follower that misses them calls an election after about
 * a second of real time.
 */
public final class RaftTiming {

    private final long unitMillis;
    private final long electionRetryJitterMillis;
    private final RaftConfig raftConfig;

    public RaftTiming(ConsensusConfig config, int appendBatchSize) {
        this.unitMillis = config.heartbeatInterval().toMillis();
        long heartbeatTimeoutUnits = Math.max(2, Math.round((double) config.electionTimeout().toMillis() / unitMillis));
        // A candidate waits about half the election timeout for votes before it retries (plus MicroRaft's noise).
        long candidateWaitRaftMillis = Math.max(1, config.electionTimeout().toMillis() / 2 * 1000 / unitMillis);
        // Up to the candidate's wait again, so that two candidates of a split vote rarely retry together.
        this.electionRetryJitterMillis = Math.max(1, config.electionTimeout().toMillis() / 2);
        int reportUnits = (int) Math.max(1, 1000 / unitMillis);
        this.raftConfig = RaftConfig.newBuilder()
                .setLeaderHeartbeatPeriodSecs(1)
                .setLeaderHeartbeatTimeoutSecs(heartbeatTimeoutUnits)
                .setLeaderElectionTimeoutMillis(candidateWaitRaftMillis)
                .setCommitCountToTakeSnapshot(config.snapshotInterval())
                .setMaxPendingLogEntryCount(Math.min(5000, config.snapshotInterval()))
                .setAppendEntriesRequestBatchSize(appendBatchSize)
                .setTransferSnapshotsFromFollowersEnabled(false)
                .setRaftNodeReportPublishPeriodSecs(reportUnits)
                .build();
    }

    public RaftConfig raftConfig() {
        return raftConfig;
    }

    /** The most a candidate's retry after a split vote is delayed beyond MicroRaft's own delay (real ms). */
    public long electionRetryJitterMillis() {
        return electionRetryJitterMillis;
    }

    /** Real milliseconds for a MicroRaft delay. */
    public long toRealMillis(long delay, TimeUnit unit) {
        double raftMillis = unit.toNanos(delay) / 1_000_000.0;
        return (long) Math.ceil(raftMillis * unitMillis / 1000.0);
    }

    /** MicroRaft's clock: {@code realMillis} sped up to its time base. */
    public Clock clock(LongSupplier realMillis) {
        return new ScaledClock(realMillis, unitMillis);
    }

    private static final class ScaledClock extends Clock {
        private final LongSupplier realMillis;
        private final long unitMillis;

        ScaledClock(LongSupplier realMillis, long unitMillis) {
            this.realMillis = realMillis;
            this.unitMillis = unitMillis;
        }

        @Override
        public long millis() {
            return realMillis.getAsLong() * 1000 / unitMillis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
