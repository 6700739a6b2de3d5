package io.pekonode.consensus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the consensus module; start from {@link #builder()}.
 *
 * @param voter              this node keeps the Raft log and votes (published as the member tag
 *                           {@value #VOTER_TAG}={@value #VOTER_TAG_VALUE}); others only send calls
 * @param expectedVoters     how many voters form the group: it bootstraps once that many are seen (default 3)
 * @param minVoters          the group never shrinks below this many voters when removing departed ones
 *                           (default: a majority of {@code expectedVoters})
 * @param dataDirectory      where a voter keeps its Raft log and snapshots; without one they live in memory
 *                           and a restarted voter must come back under a new node id
 * @param requestTimeout     every call's deadline (default 5 s)
 * @param heartbeatInterval  how often the leader tells followers it is alive (default 100 ms)
 * @param electionTimeout    a follower that hears nothing from the leader for this long starts an election
 *                           (default 1 s; at least twice the heartbeat interval)
 * @param deadVoterTimeout   a voter gossip reports dead for this long is removed from the group, if a majority
 *                           commits the change and the group stays at or above {@code minVoters} (default 30 s)
 * @param lockTtl            a lock whose holder stops renewing it is released after this long (default 10 s)
 * @param bootstrapSettle    how long the set of voters seen must stay unchanged before the group bootstraps
 *                           (default 1 s), so that every voter picks the same initial members
 * @param maxKeyLength       longest map key, in characters (default 256)
 * @param maxValueBytes      largest map value (default 64 KiB)
 * @param maxLockNameLength  longest lock name, in characters (default 128)
 * @param snapshotInterval   log entries between two snapshots (default 10,000)
 * @param groupName          names the Raft group; only nodes with the same name form one (default {@code pekonode})
 */
public record ConsensusConfig(boolean voter, int expectedVoters, int minVoters, Optional<Path> dataDirectory,
                              Duration requestTimeout, Duration heartbeatInterval, Duration electionTimeout,
                              Duration deadVoterTimeout, Duration lockTtl, Duration bootstrapSettle, int maxKeyLength,
                              int maxValueBytes, int maxLockNameLength, int snapshotInterval, String groupName) {

    /** The member tag a voter publishes. */
    public static final String VOTER_TAG = "consensus";
    public static final String VOTER_TAG_VALUE = "voter";
    /** The largest group MicroRaft and this module's wire format accept. */
    public static final int MAX_VOTERS = 15;

    /** @throws IllegalArgumentException for values out of range, with the setting's name */
    public ConsensusConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(groupName, "groupName");
        if (expectedVoters < 1 || expectedVoters > MAX_VOTERS) {
            throw new IllegalArgumentException("expectedVoters must be 1.." + MAX_VOTERS + ", not " + expectedVoters);
        }
        if (minVoters < 1 || minVoters > expectedVoters) {
            throw new IllegalArgumentException("minVoters must be 1..expectedVoters (" + expectedVoters + "), not " + minVoters);
        }
        positive(requestTimeout, "requestTimeout");
        positive(heartbeatInterval, "heartbeatInterval");
        positive(electionTimeout, "electionTimeout");
        positive(deadVoterTimeout, "deadVoterTimeout");
        positive(lockTtl, "lockTtl");
        Objects.requireNonNull(bootstrapSettle, "bootstrapSettle");
        if (bootstrapSettle.isNegative()) {
            throw new IllegalArgumentException("bootstrapSettle must not be negative: " + bootstrapSettle);
        }
        if (heartbeatInterval.toMillis() < 10) {
            throw new IllegalArgumentException("heartbeatInterval must be at least 10 ms, not " + heartbeatInterval);
        }
        if (electionTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("electionTimeout (" + electionTimeout + ") must be at least twice the"
                    + " heartbeatInterval (" + heartbeatInterval + ")");
        }
        if (lockTtl.compareTo(electionTimeout) < 0) {
            throw new IllegalArgumentException("lockTtl (" + lockTtl + ") must be at least the electionTimeout ("
                    + electionTimeout + ")");
        }
        range(maxKeyLength, 1, 4096, "maxKeyLength");
        range(maxValueBytes, 0, 1024 * 1024, "maxValueBytes");
        range(maxLockNameLength, 1, 1024, "maxLockNameLength");
        range(snapshotInterval, 10, 10_000_000, "snapshotInterval");
        if (groupName.isEmpty() || groupName.length() > 64) {
            throw new IllegalArgumentException("groupName must be 1..64 characters: '" + groupName + "'");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }

    private static void range(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", not " + value);
        }
    }

    /** Mutable builder of {@link ConsensusConfig}, starting from the defaults. */
    public static final class Builder {
        private boolean voter;
        private int expectedVoters = 3;
        private Integer minVoters;
        private Path dataDirectory;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration heartbeatInterval = Duration.ofMillis(100);
        private Duration electionTimeout = Duration.ofSeconds(1);
        private Duration deadVoterTimeout = Duration.ofSeconds(30);
        private Duration lockTtl = Duration.ofSeconds(10);
        private Duration bootstrapSettle = Duration.ofSeconds(1);
        private int maxKeyLength = 256;
        private int maxValueBytes = 64 * 1024;
        private int maxLockNameLength = 128;
        private int snapshotInterval = 10_000;
        private String groupName = "pekonode";

        private Builder() {
        }

        private Builder(ConsensusConfig c) {
            voter = c.voter;
            expectedVoters = c.expectedVoters;
            minVoters = c.minVoters;
            dataDirectory = c.dataDirectory.orElse(null);
            requestTimeout = c.requestTimeout;
            heartbeatInterval = c.heartbeatInterval;
            electionTimeout = c.electionTimeout;
            deadVoterTimeout = c.deadVoterTimeout;
            lockTtl = c.lockTtl;
            bootstrapSettle = c.bootstrapSettle;
            maxKeyLength = c.maxKeyLength;
            maxValueBytes = c.maxValueBytes;
            maxLockNameLength = c.maxLockNameLength;
            snapshotInterval = c.snapshotInterval;
            groupName = c.groupName;
        }

        public Builder voter(boolean isVoter) {
            this.voter = isVoter;
            return this;
        }

        public Builder expectedVoters(int count) {
            this.expectedVoters = count;
            return this;
        }

        public Builder minVoters(int count) {
            this.minVoters = count;
            return this;
        }

        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        public Builder electionTimeout(Duration timeout) {
            this.electionTimeout = timeout;
            return this;
        }

        public Builder deadVoterTimeout(Duration timeout) {
            this.deadVoterTimeout = timeout;
            return this;
        }

        public Builder lockTtl(Duration ttl) {
            this.lockTtl = ttl;
            return this;
        }

        public Builder bootstrapSettle(Duration settle) {
            this.bootstrapSettle = settle;
            return this;
        }

        public Builder maxKeyLength(int length) {
            this.maxKeyLength = length;
            return this;
        }

        public Builder maxValueBytes(int bytes) {
            this.maxValueBytes = bytes;
            return this;
        }

        public Builder maxLockNameLength(int length) {
            this.maxLockNameLength = length;
            return this;
        }

        public Builder snapshotInterval(int entries) {
            this.snapshotInterval = entries;
            return this;
        }

        public Builder groupName(String name) {
            this.groupName = name;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link ConsensusConfig} constructor */
        public ConsensusConfig build() {
            int min = minVoters != null ? minVoters : expectedVoters / 2 + 1;
            return new ConsensusConfig(voter, expectedVoters, min, Optional.ofNullable(dataDirectory), requestTimeout,
                    heartbeatInterval, electionTimeout, deadVoterTimeout, lockTtl, bootstrapSettle, maxKeyLength,
                    maxValueBytes, maxLockNameLength, snapshotInterval, groupName);
        }
    }
}
