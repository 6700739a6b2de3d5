package io.pekonode.engine.core.sync;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.AntiEntropyConfig;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataPush;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.engine.core.CoreContext;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.engine.core.membership.MemberEntry;
import io.pekonode.engine.core.membership.Membership;
import io.pekonode.engine.core.metadata.SyncPlan;
import io.pekonode.engine.core.metadata.MetadataReplication;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Push-pull anti-entropy over the reliable path: joining through seeds, a periodic full-state
 * exchange with one random member (repairs whatever gossip missed), and periodic attempts to reach
 * a dead member (so both halves of a healed partition find each other without operator help).
 *
 * <p>A periodic exchange with a live member starts with a summary, a hash of the whole state: in a
 * cluster at rest the two nodes are in step and that one small message is the whole exchange.
 *
 * <p>Metadata is exchanged by digest first: the request carries (key, version) pairs only, the
 * response carries just the entries the requester lacks plus the keys it should send back.
 */
public final class AntiEntropy {
    private static final Logger LOG = LogManager.getLogger(AntiEntropy.class);
    /** Mixes the two state hashes of a summary; part of the protocol, like the hashes themselves. */
    private static final HashFunction STATE_HASH = Hashing.murmur3_128();
    /** memberlist's: up to this many members, push-pull runs at the configured interval. */
    private static final int PUSH_PULL_SCALE_THRESHOLD = 32;
    /**
     * Doublings of the join retry delay counted at most: the cap ({@code joinRetryMax}) is reached long
     * before, and the shift of a millisecond value stays far from overflowing.
     */
    private static final int MAX_BACKOFF_DOUBLINGS = 20;
    /** Jitter of +-1/5 = 20% of a retry delay: enough to spread nodes restarted together. */
    private static final int JITTER_FRACTION = 5;
    /** Nodes expected to take each early reconnect round, cluster-wide (see {@link #reconnect}). */
    private static final int EARLY_RETRIERS = 8;
    /** Discovered seeds contacted per join attempt at most: any one live member is enough. */
    public static final int MAX_DISCOVERED_PER_ATTEMPT = 8;

    private final CoreContext ctx;
    /** The anti-entropy settings; join retries come from the life-cycle group. */
    private final AntiEntropyConfig settings;
    private final Membership membership;
    private final MetadataReplication metadata;
    /** Seeds given to {@link #join}: kept for the life of the node. */
    private final Set<NodeAddress> seeds = new LinkedHashSet<>();
    /** Seeds from discovery: replaced by each answer, so an address that vanished is no longer dialled. */
    private Set<NodeAddress> discoveredSeeds = new LinkedHashSet<>();
    private boolean joined;
    private int joinAttempts;
    private long nextJoinAt = Long.MAX_VALUE;
    private long nextPushPullAt;
    private long nextReconnectAt;
    /** Reconnect rounds since this node last saw a member fail: the backoff exponent. */
    private int reconnectRound;
    private long failuresSeen;
    /** Failures counted when the reconnect timer was last brought forward for them. */
    private long failuresScheduled;
    private long recentFailuresSince;
    private long nextHousekeepingAt;

    public AntiEntropy(CoreContext ctx, Membership membership, MetadataReplication metadata, long nowMillis) {
        this.ctx = ctx;
        this.settings = ctx.config().antiEntropy();
        this.membership = membership;
        this.metadata = metadata;
        long pushPull = settings.pushPullInterval().toMillis();
        this.nextPushPullAt = nowMillis + ctx.random().nextLong(Math.max(1, pushPull));
        this.nextReconnectAt = nowMillis + ctx.random().nextLong(Math.max(1, pushPull));
        this.nextHousekeepingAt = nowMillis + pushPull;
    }

    /** True once a seed answered, or while there is no seed to contact (a node of its own cluster). */
    public boolean joined() {
        return joined || seeds.isEmpty() && discoveredSeeds.isEmpty();
    }

    /** The seeds contacted when joining or alone: the given ones, then the discovered ones. */
    public List<NodeAddress> seeds() {
        Set<NodeAddress> all = new LinkedHashSet<>(seeds);
        all.addAll(discoveredSeeds);
        return List.copyOf(all);
    }

    /**
     * Replaces the discovered seeds with {@code found} (without this node) and contacts at most
     * {@code maxContacts} of the found addresses that are no active member's, chosen at random, so
     * that a cluster smaller than what discovery knows grows, and an answer with thousands of
     * addresses costs a bounded number of messages. Does nothing more while paused or left.
     *
     * @return how many addresses were contacted
     */
    public int discovered(List<NodeAddress> found, int maxContacts, long now, boolean active) {
        NodeAddress self = membership.self().address();
        Set<NodeAddress> next = new LinkedHashSet<>();
        for (NodeAddress a : found) {
            if (!a.equals(self)) {
                next.add(a);
            }
        }
        discoveredSeeds = next;
        if (!active || next.isEmpty()) {
            return 0;
        }
        Set<NodeAddress> members = new HashSet<>();
        for (MemberEntry e : membership.table().active()) {
            members.add(e.member().address());
        }
        List<NodeAddress> unknown = new ArrayList<>();
        for (NodeAddress a : next) {
            if (!members.contains(a)) {
                unknown.add(a);
            }
        }
        List<NodeAddress> chosen = pick(unknown, maxContacts);
        if (!chosen.isEmpty()) {
            SyncRequest request = syncRequest(true);
            for (NodeAddress a : chosen) {
                ctx.send(a, request, true);
            }
            ctx.stats().increment(Counter.JOIN_ATTEMPTS);
        }
        if (needsSeeds() && nextJoinAt == Long.MAX_VALUE) {
            joinAttempts = 0;
            nextJoinAt = now + backoff(1);
        }
        return chosen.size();
    }

    /** The seeds for a log line: a discovery answer may hold thousands, so only the first few. */
    private String describeSeeds() {
        List<NodeAddress> all = seeds();
        return all.size() <= 5 ? all.toString() : all.subList(0, 5) + " and " + (all.size() - 5) + " more";
    }

    /** Up to {@code max} of {@code from}, chosen at random (a partial Fisher-Yates shuffle). */
    private List<NodeAddress> pick(List<NodeAddress> from, int max) {
        if (from.size() <= max) {
            return from;
        }
        List<NodeAddress> copy = new ArrayList<>(from);
        for (int i = 0; i < max; i++) {
            int j = i + ctx.random().nextInt(copy.size() - i);
            NodeAddress t = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, t);
        }
        return List.copyOf(copy.subList(0, max));
    }

    /** Adds seeds and contacts them now. With no seeds other than ourselves, the node is a cluster of one. */
    public void join(List<NodeAddress> newSeeds, long now) {
        for (NodeAddress seed : newSeeds) {
            if (!seed.equals(membership.self().address())) {
                seeds.add(seed);
            }
        }
        if (seeds.isEmpty() && discoveredSeeds.isEmpty()) {
            joined = true;
            return;
        }
        joinAttempts = 0;
        attemptJoin(now);
    }

    public void tick(long now, boolean active) {
        if (nextJoinAt == Long.MAX_VALUE && active && needsSeeds()) {
            // Joined once, now alone (every peer failed or left, or was forgotten): knock on the seeds
            // again with backoff, so a cluster that comes back without remembering us takes us in.
            LOG.info("{} is alone; retrying its seeds {}", ctx.selfId(), describeSeeds());
            joinAttempts = 0;
            nextJoinAt = now + backoff(1);
        }
        if (now >= nextJoinAt) {
            if (active && needsSeeds()) {
                attemptJoin(now);
            } else {
                nextJoinAt = Long.MAX_VALUE;
            }
        }
        if (now >= nextPushPullAt) {
            nextPushPullAt = now + scaledPushPullInterval();
            if (active) {
                // Most periodic exchanges find both nodes in step: a summary settles those with one
                // small message, and a difference turns it into the full exchange.
                syncWithRandom(membership.table().active(), true);
            }
        }
        long failures = ctx.stats().get(Counter.MEMBERS_FAILED);
        if (failures != failuresScheduled) {
            // The early cadence starts from the failure, not from the next steady round: that can be
            // a whole interval away, and by then the failure no longer counts as recent.
            failuresScheduled = failures;
            nextReconnectAt = Math.min(nextReconnectAt, now + jittered(ctx.config().lifecycle().joinRetryInitial().toMillis()));
        }
        if (now >= nextReconnectAt) {
            reconnect(now, active);
        }
        if (now >= nextHousekeepingAt) {
            nextHousekeepingAt = now + settings.pushPullInterval().toMillis();
            membership.reapTombstones(now);
            metadata.purgeTombstones(now);
        }
    }

    /** After a pause: sync soon, and with the seeds if we are alone. */
    public void restart(long now) {
        nextPushPullAt = now;
        nextReconnectAt = now + ctx.random().nextLong(Math.max(1, settings.pushPullInterval().toMillis()));
        if (needsSeeds()) {
            nextJoinAt = now;
        }
    }

    public long nextDeadlineMillis() {
        return Math.min(Math.min(nextJoinAt, nextPushPullAt), Math.min(nextReconnectAt, nextHousekeepingAt));
    }

    public void onSyncRequest(SyncRequest request, long now) {
        if (request.isSummary()) {
            onSummary(request);
            return;
        }
        merge(request.members(), request.origin().nodeId(), now);
        SyncPlan plan = metadata.store().compare(request.digest());
        ctx.send(request.origin().address(), new SyncResponse(ctx.origin(), membership.table().members(),
                plan.toSend(), plan.toRequest()), true);
    }

    /**
     * Equal hashes: both nodes hold the same state, and the exchange ends here without an answer.
     * Different: this node sends its own full request back, so the peer merges this node's state and
     * answers with its own, exactly as if it had sent a full request itself.
     */
    private void onSummary(SyncRequest summary) {
        if (summary.digest().hash() == stateHash()) {
            ctx.stats().increment(Counter.SYNC_SUMMARIES_MATCHED);
            return;
        }
        ctx.send(summary.origin().address(), syncRequest(false), true);
    }

    /**
     * The member table's and the metadata map's hashes, mixed into one: a summary carries this, and
     * only a node holding exactly the same records computes the same value.
     */
    private long stateHash() {
        return STATE_HASH.newHasher()
                .putLong(membership.table().contentHash())
                .putLong(metadata.store().digestHash())
                .hash().asLong();
    }

    public void onSyncResponse(SyncResponse response, long now) {
        boolean firstContact = !joined;
        if (!joined && !(seeds.isEmpty() && discoveredSeeds.isEmpty())) {
            LOG.info("{} joined the cluster through {}", ctx.selfId(), response.origin().address());
        }
        joined = true;
        joinAttempts = 0;
        merge(response.members(), response.origin().nodeId(), now);
        metadata.applyAll(response.entries(), now, !firstContact);
        if (!response.wantedKeys().isEmpty()) {
            ctx.send(response.origin().address(), new MetadataPush(ctx.origin(),
                    metadata.store().entries(response.wantedKeys())), true);
        }
        if (!needsSeeds()) {
            nextJoinAt = Long.MAX_VALUE;
        }
    }

    public void onMetadataPush(MetadataPush push, long now) {
        metadata.applyAll(push.entries(), now, true);
    }

    private void merge(List<Member> members, String reporter, long now) {
        for (Member m : members) {
            // A left record is the member's own word, relayed; anything else is the peer's claim.
            String claimedBy = m.state() == MemberState.LEFT ? m.id() : reporter;
            membership.apply(new MemberRumor(m, claimedBy), now, true);
        }
    }

    private boolean needsSeeds() {
        return !(seeds.isEmpty() && discoveredSeeds.isEmpty()) && (!joined || membership.table().activeCount() == 0);
    }

    private void attemptJoin(long now) {
        joinAttempts++;
        ctx.stats().increment(Counter.JOIN_ATTEMPTS);
        if (joinAttempts > 1 && (joinAttempts & (joinAttempts - 1)) == 0) {
            LOG.warn("{} still trying to reach seeds {} ({} attempts)", ctx.selfId(), describeSeeds(), joinAttempts);
        }
        SyncRequest request = syncRequest(true);
        // Every given seed, plus a bounded random few of the discovered ones (there may be thousands).
        for (NodeAddress seed : seeds) {
            ctx.send(seed, request, true);
        }
        List<NodeAddress> discovered = new ArrayList<>(discoveredSeeds);
        discovered.removeAll(seeds);
        for (NodeAddress seed : pick(discovered, MAX_DISCOVERED_PER_ATTEMPT)) {
            ctx.send(seed, request, true);
        }
        nextJoinAt = now + backoff(joinAttempts);
    }

    /** Exponential backoff with +-20% jitter, capped, so restarted nodes do not retry in lockstep. */
    private long backoff(int attempt) {
        return jittered(backoffBase(attempt, ctx.config().lifecycle().joinRetryMax().toMillis()));
    }

    private long backoffBase(int attempt, long cap) {
        long initial = ctx.config().lifecycle().joinRetryInitial().toMillis();
        return Math.min(cap, initial << Math.min(MAX_BACKOFF_DOUBLINGS, attempt - 1));
    }

    private long jittered(long base) {
        long jitter = base / JITTER_FRACTION;
        return Math.max(1, base - jitter + (jitter == 0 ? 0 : ctx.random().nextLong(2 * jitter + 1)));
    }

    /**
     * Contacts a dead member, so both sides of a healed partition (or a member back from a long
     * isolation) find each other without operator help. The steady cadence is one member per
     * pushPullInterval (+-20% jitter, so the nodes' rounds drift apart instead of firing together).
     * After this node sees a new failure the cadence restarts at joinRetryInitial and doubles up to
     * that interval, and those early rounds go to the recently failed members: a short outage heals
     * in seconds, a long one costs one sync per interval. In large clusters only about
     * {@link #EARLY_RETRIERS} nodes in all take each early round (Serf scales its reconnects the
     * same way), so a failure does not multiply the cluster's sync traffic.
     */
    private void reconnect(long now, boolean active) {
        long cap = settings.pushPullInterval().toMillis();
        long failures = ctx.stats().get(Counter.MEMBERS_FAILED);
        if (failures != failuresSeen) {
            failuresSeen = failures;
            reconnectRound = 0;
            recentFailuresSince = now - cap;
        }
        reconnectRound++;
        long base = backoffBase(reconnectRound, cap);
        nextReconnectAt = now + jittered(base);
        if (!active) {
            return;
        }
        boolean early = base < cap;
        if (!early) {
            syncWithRandom(deadMembers(Long.MIN_VALUE), false);
            return;
        }
        int others = membership.table().activeCount();
        if (others < EARLY_RETRIERS || ctx.random().nextInt(others) < EARLY_RETRIERS) {
            syncWithRandom(deadMembers(recentFailuresSince), false);
        }
    }

    /** A dead member's state differs from ours by definition, so a reconnect always sends in full. */
    private void syncWithRandom(List<MemberEntry> candidates, boolean summary) {
        if (candidates.isEmpty()) {
            return;
        }
        MemberEntry peer = candidates.get(ctx.random().nextInt(candidates.size()));
        ctx.stats().increment(Counter.SYNCS_STARTED);
        ctx.send(peer.member().address(), summary ? SyncRequest.summary(ctx.origin(), stateHash()) : syncRequest(false), true);
    }

    private SyncRequest syncRequest(boolean join) {
        return new SyncRequest(ctx.origin(), join, membership.table().members(), metadata.store().digest());
    }

    /** Dead members (not left ones: they said goodbye) that died at or after {@code since}. */
    private List<MemberEntry> deadMembers(long since) {
        List<MemberEntry> dead = new ArrayList<>();
        for (MemberEntry e : membership.table().departed()) {
            if (e.member().state() == MemberState.DEAD && e.stateSinceMillis() >= since) {
                dead.add(e);
            }
        }
        return dead;
    }

    /** Like memberlist: past 32 members, sync less often as N grows, so sync traffic per node stays flat. */
    private long scaledPushPullInterval() {
        long interval = settings.pushPullInterval().toMillis();
        int n = membership.table().clusterSize();
        if (n <= PUSH_PULL_SCALE_THRESHOLD) {
            return interval;
        }
        double multiplier = Math.ceil(Math.log(n) / Math.log(2) - Math.log(PUSH_PULL_SCALE_THRESHOLD) / Math.log(2)) + 1;
        return (long) (multiplier * interval);
    }
}
