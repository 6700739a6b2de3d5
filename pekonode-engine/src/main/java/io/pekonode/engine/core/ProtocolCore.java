package io.pekonode.engine.core;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.MemberState;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.IndirectPing;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataPush;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.core.gossip.Gossiper;
import io.pekonode.engine.core.failure.LocalHealth;
import io.pekonode.engine.core.gossip.BroadcastQueue;
import io.pekonode.engine.core.membership.Membership;
import io.pekonode.engine.core.usermessages.UserMessages;
import io.pekonode.engine.core.metadata.HybridClock;
import io.pekonode.engine.core.metadata.MetadataStore;
import io.pekonode.engine.core.metadata.MetadataReplication;
import io.pekonode.engine.core.failure.FailureDetector;
import io.pekonode.engine.core.sync.AntiEntropy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The sans-IO protocol state machine: SWIM membership with Lifeguard, rumor dissemination, the
 * replicated metadata map, and user events and queries ({@code core.usermessages}). No threads,
 * sockets, sleeps or wall clocks: every input carries the current time in milliseconds, randomness
 * comes from the injected generator, and outputs are
 * collected with {@link #drainOutbound()}, {@link #drainEvents()} and {@link #nextWakeupMillis()}.
 *
 * <p>Driving it: call an input method, then drain outbound messages and events, then arrange to
 * call {@link #tick(long)} at {@link #nextWakeupMillis()}. Not thread-safe: one thread drives it.
 * The same inputs and seed always give the same outputs.
 */
public final class ProtocolCore {
    private final CoreContext ctx;
    private final Membership membership;
    private final FailureDetector detector;
    private final LocalHealth health;
    private final Gossiper gossiper;
    private final MetadataReplication metadata;
    private final AntiEntropy antiEntropy;
    private final UserMessages userMessages;
    private boolean started;
    private boolean paused;

    /**
     * @param config       protocol settings (probe, gossip, suspicion, limits)
     * @param self         the local node's identity and advertised address
     * @param packetBudget largest encoded packet the transport carries, in bytes
     * @param random       the only source of randomness
     */
    public ProtocolCore(ClusterConfig config, LocalNode self, int packetBudget, RandomGenerator random) {
        checkTags(self.tags(), config);
        Member local = new Member(self.id(), self.name(), self.advertise(), self.tags(), MemberState.ALIVE,
                self.incarnation());
        Membership[] membershipRef = new Membership[1];
        BroadcastQueue queue = new BroadcastQueue(() -> membershipRef[0] == null ? 1
                : membershipRef[0].table().clusterSize(), config.gossip().retransmitMultiplier(),
                Gossiper.extraTransmits(config.gossip()));
        this.ctx = new CoreContext(config, new Origin(self.id(), self.advertise()), packetBudget, random, queue);
        queue.measureDelays(ctx::now, delay -> ctx.timing(Timing.Kind.GOSSIP_QUEUE_DELAY, delay));
        LocalHealth health = new LocalHealth(config.failureDetection().awarenessMaxMultiplier());
        this.health = health;
        this.membership = new Membership(ctx, local, () -> health.apply(1), 0);
        membershipRef[0] = membership;
        this.metadata = new MetadataReplication(ctx, new MetadataStore(self.id(), new HybridClock(self.id())));
        this.detector = new FailureDetector(ctx, membership, health, 0);
        this.gossiper = new Gossiper(ctx, membership.table(), 0);
        this.antiEntropy = new AntiEntropy(ctx, membership, metadata, 0);
        this.userMessages = new UserMessages(ctx, membership::self);
    }

    /** Starts the protocol timers (their first deadlines are spread over one interval from now). */
    public void start(long nowMillis) {
        ctx.now(nowMillis);
        if (started) {
            return;
        }
        started = true;
        long probeInterval = ctx.config().failureDetection().probeInterval().toMillis();
        long pushPullInterval = ctx.config().antiEntropy().pushPullInterval().toMillis();
        detector.restart(nowMillis + ctx.random().nextLong(Math.max(1, probeInterval)));
        gossiper.restart(nowMillis);
        antiEntropy.restart(nowMillis + ctx.random().nextLong(Math.max(1, pushPullInterval)));
    }

    /** A decoded message from a peer. Ignored while paused or before {@link #start}. */
    public void receive(long nowMillis, WireMessage message) {
        ctx.now(nowMillis);
        if (!started || paused) {
            return;
        }
        boolean left = membership.self().state() == MemberState.LEFT;
        if (message instanceof Ping ping) {
            applyRumors(ping.rumors(), nowMillis);
            detector.onPing(ping, nowMillis, true);
        } else if (message instanceof IndirectPing request) {
            applyRumors(request.rumors(), nowMillis);
            if (!left) {
                detector.onIndirectPing(request, nowMillis);
            }
        } else if (message instanceof Ack ack) {
            applyRumors(ack.rumors(), nowMillis);
            detector.onAck(ack, nowMillis);
        } else if (message instanceof Nack nack) {
            detector.onNack(nack);
        } else if (message instanceof Gossip gossip) {
            applyRumors(gossip.rumors(), nowMillis);
        } else if (message instanceof SyncRequest request) {
            antiEntropy.onSyncRequest(request, nowMillis);
        } else if (message instanceof SyncResponse response) {
            antiEntropy.onSyncResponse(response, nowMillis);
        } else if (message instanceof MetadataPush push) {
            antiEntropy.onMetadataPush(push, nowMillis);
        }
        membership.expireSuspicions(nowMillis);
    }

    /**
     * The runtime's transport reported that a connect to {@code address} was refused (nothing listens
     * there); the failure detector takes it as evidence for a probe of that address. Ignored while
     * paused or before {@link #start}.
     */
    public void connectionRefused(long nowMillis, NodeAddress address) {
        ctx.now(nowMillis);
        if (!started || paused) {
            return;
        }
        detector.onConnectionRefused(address);
    }

    private void applyRumors(List<Rumor> rumors, long now) {
        for (Rumor rumor : rumors) {
            if (rumor instanceof MemberRumor m) {
                membership.apply(m, now, false);
            } else if (rumor instanceof MetadataRumor m) {
                metadata.apply(m.entry(), now, true);
            } else if (rumor instanceof UserEventRumor e) {
                userMessages.onEvent(e, now);
            } else if (rumor instanceof QueryRumor q) {
                userMessages.onQuery(q, now);
            }
        }
    }

    /** Runs every timer due at {@code nowMillis}. Calling it early or often is harmless. */
    public void tick(long nowMillis) {
        ctx.now(nowMillis);
        if (!started) {
            return;
        }
        boolean active = !paused;
        boolean probing = active && membership.self().state() != MemberState.LEFT;
        if (active) {
            membership.expireSuspicions(nowMillis);
        }
        detector.tick(nowMillis, probing);
        gossiper.tick(nowMillis, active);
        antiEntropy.tick(nowMillis, probing);
        userMessages.tick(nowMillis);
        // Last, so news from every input of this turn and from the timers above goes out in one push.
        gossiper.pushNews(nowMillis, active);
    }

    /** Contacts seeds with a join sync; keeps retrying with backoff until one answers. */
    public void join(long nowMillis, List<NodeAddress> seeds) {
        ctx.now(nowMillis);
        antiEntropy.join(seeds, nowMillis);
    }

    /**
     * A discovery answer: replaces the discovered seeds (so vanished addresses are no longer dialled
     * when the node is alone) and contacts at most {@code maxContacts} found addresses that are not
     * active members. The runtime asks the discovery backends; the core only sees their answer.
     *
     * @return how many addresses were contacted
     */
    public int discovered(long nowMillis, List<NodeAddress> found, int maxContacts) {
        return antiEntropy.discovered(found, maxContacts, nowMillis,
                started && !paused && membership.self().state() != MemberState.LEFT);
    }

    /** The seeds this node joins through when alone: the given ones and the last discovered ones. */
    public List<NodeAddress> seeds() {
        return antiEntropy.seeds();
    }

    /**
     * Writes a metadata key locally and starts spreading it.
     *
     * @throws PayloadTooLargeException when key or value exceed the configured limits
     */
    public HlcTimestamp publish(long nowMillis, String key, byte[] value) {
        ctx.now(nowMillis);
        return metadata.publish(key, value, nowMillis);
    }

    public HlcTimestamp remove(long nowMillis, String key) {
        ctx.now(nowMillis);
        return metadata.remove(key, nowMillis);
    }

    /** Replaces the local node's tags (raises its incarnation and gossips the change). */
    public void updateTags(long nowMillis, Map<String, String> tags) {
        ctx.now(nowMillis);
        checkTags(tags, ctx.config());
        membership.updateSelf(tags, nowMillis);
    }

    /** Announces a graceful leave; afterwards the node probes nobody but still gossips its leave. */
    public void leave(long nowMillis) {
        ctx.now(nowMillis);
        if (membership.self().state() != MemberState.LEFT) {
            membership.leave(nowMillis);
        }
    }

    /**
     * Installs members known from before (a persisted member table, or a simulation's pre-formed
     * cluster) without gossiping them: everyone else knows them already, or learns them by anti-
     * entropy. A member already known is merged by the usual incarnation rules; the local node is
     * skipped. Restored live members are probed like any other, so stale ones are found out; a
     * restored suspect is taken as alive (its suspicion timer is not restored). No events are
     * emitted: this is state the node had, not news.
     */
    public void restoreMembers(long nowMillis, List<Member> known) {
        ctx.now(nowMillis);
        membership.restore(known, nowMillis);
    }

    /**
     * Installs metadata entries from persisted state without gossiping or announcing them; versions
     * decide as usual, and anti-entropy later repairs peers that lack them.
     */
    public void restoreMetadata(long nowMillis, List<MetadataEntry> entries) {
        ctx.now(nowMillis);
        for (MetadataEntry entry : entries) {
            metadata.store().apply(entry, nowMillis);
        }
    }

    /** Every metadata entry, tombstones included (what persistence saves). */
    public List<MetadataEntry> metadataEntries() {
        return metadata.store().all();
    }

    /**
     * Broadcasts a user event: stamps it with the next Lamport time, delivers it locally (as a
     * {@code UserEventReceived} event, subject to coalescing) and queues it for gossip.
     *
     * @return the event's Lamport time
     * @throws PayloadTooLargeException when name plus payload exceed {@code maxEventPayloadBytes}
     */
    public long broadcastEvent(long nowMillis, String name, byte[] payload, boolean coalesce) {
        ctx.now(nowMillis);
        return userMessages.broadcastEvent(nowMillis, name, payload, coalesce);
    }

    /**
     * Starts a query: stamps it with the next Lamport time (its id), queues it for gossip, and, when
     * this node matches the filters, lists it in {@link #drainQueries()} like a received one.
     *
     * @return the query id (its Lamport time at this node)
     * @throws PayloadTooLargeException when name plus payload exceed {@code maxEventPayloadBytes}
     * @throws IllegalArgumentException when {@code timeoutMillis} is not positive
     */
    public long startQuery(long nowMillis, String name, byte[] payload, Map<String, String> tagFilter,
                           List<String> nodeIds, long timeoutMillis, boolean wantAck) {
        ctx.now(nowMillis);
        return userMessages.startQuery(nowMillis, name, payload, tagFilter, nodeIds, timeoutMillis, wantAck);
    }

    /**
     * Queries this node must answer since the last call: seen for the first time, not expired, and
     * matching this node's id and tags. The runtime runs the handler and replies to the origin.
     */
    public List<QueryRumor> drainQueries() {
        return userMessages.drainQueries();
    }

    /** Go's {@code Stop}: ignore all input and send nothing until {@link #resume}. */
    public void pause(long nowMillis) {
        ctx.now(nowMillis);
        paused = true;
    }

    /** Go's {@code Start} after {@code Stop}: resume, refuting any suspicion or death. */
    public void resume(long nowMillis) {
        ctx.now(nowMillis);
        if (!paused) {
            return;
        }
        paused = false;
        if (membership.self().state() != MemberState.LEFT) {
            // Others have probably suspected or buried us meanwhile: outrank whatever they concluded.
            membership.refute(membership.self().incarnation() + 1, nowMillis);
        }
        detector.restart(nowMillis);
        gossiper.restart(nowMillis);
        antiEntropy.restart(nowMillis);
    }

    public boolean paused() {
        return paused;
    }

    /** Messages produced since the last call, in order. */
    public List<OutboundMessage> drainOutbound() {
        return ctx.drainOutbound();
    }

    /** Durations measured since the last call, in order (probe round trips, suspicion to death, gossip queue delay). */
    public List<Timing> drainTimings() {
        return ctx.drainTimings();
    }

    /**
     * Serf's {@code force-leave}: marks a failed member left cluster-wide, and with {@code prune}
     * forgets it here at once (see {@link Membership#forceLeave}).
     */
    public Membership.ForceLeaveResult forceLeave(long nowMillis, String memberId, boolean prune) {
        ctx.now(nowMillis);
        return membership.forceLeave(memberId, prune, nowMillis);
    }

    /** Events produced since the last call, in order. */
    public List<ClusterEvent> drainEvents() {
        return ctx.drainEvents();
    }

    /** When {@link #tick} should next be called; {@link Long#MAX_VALUE} when nothing is scheduled. */
    public long nextWakeupMillis() {
        if (!started) {
            return Long.MAX_VALUE;
        }
        long next = Math.min(detector.nextDeadlineMillis(), gossiper.nextDeadlineMillis());
        next = Math.min(next, antiEntropy.nextDeadlineMillis());
        next = Math.min(next, userMessages.nextDeadlineMillis());
        return Math.min(next, membership.nextDeadlineMillis());
    }

    public Member localMember() {
        return membership.self();
    }

    /** Every known member including the local one and tombstones. */
    public List<Member> members() {
        return membership.table().members();
    }

    public Optional<byte[]> read(String key) {
        return metadata.store().get(key);
    }

    public Map<String, byte[]> snapshot() {
        return metadata.store().snapshot();
    }

    /** True once any seed answered, or when there were none to contact. */
    public boolean joined() {
        return antiEntropy.joined();
    }

    /** Live members (alive or suspect) including the local node. */
    public int clusterSize() {
        return membership.table().clusterSize();
    }

    /** Rumors still queued for dissemination (a leave is well spread once this reaches 0). */
    /** Lifeguard's local health score: 0 when healthy, higher while this node itself seems to be in trouble. */
    public int healthScore() {
        return health.score();
    }

    public int pendingBroadcasts() {
        return ctx.broadcasts().size();
    }

    /** Counters for metrics and benchmarks. */
    public CoreStats stats() {
        return ctx.stats();
    }

    private static void checkTags(Map<String, String> tags, ClusterConfig config) {
        int bytes = 0;
        for (Map.Entry<String, String> e : tags.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > config.limits().maxTagsBytes()) {
            throw new PayloadTooLargeException("tags", bytes, config.limits().maxTagsBytes());
        }
    }
}
