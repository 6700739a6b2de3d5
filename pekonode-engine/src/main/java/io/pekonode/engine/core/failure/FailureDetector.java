package io.pekonode.engine.core.failure;

import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.FailureDetectionConfig;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.IndirectPing;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.engine.core.CoreContext;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.engine.core.Timing;
import io.pekonode.engine.core.gossip.RumorSizes;
import io.pekonode.engine.core.membership.MemberEntry;
import io.pekonode.engine.core.membership.Membership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * SWIM failure detection with Lifeguard's local health awareness: one probe per protocol period,
 * indirect probes through k members and the same probe over the reliable path when the direct one
 * times out, suspicion only when all fail.
 *
 * <p>A refused connection is the one answer a pause cannot give: a process stopped by a pause or
 * starved of CPU keeps its port open (a connect to it waits), and a host cut off by the network does
 * not answer at all, but the host of a crashed process answers a connect to its port with a reset.
 * So a probe that failed and whose reliable-path copy was refused declares the member dead at once
 * (when {@code failOnConnectionRefused} is on), where any other failed probe only raises a suspicion.
 *
 * <p>Lifeguard: the local health score grows when our own probes get neither acks nor the nacks
 * that prove our relays are reachable (a sign that <em>we</em> are the slow or cut-off one), and
 * stretches our probe interval and timeout, so an overloaded node stops accusing healthy peers.
 */
public final class FailureDetector {
    private final CoreContext ctx;
    /** The failure-detection settings this detector runs with. */
    private final FailureDetectionConfig settings;
    private final Membership membership;
    private final LocalHealth health;
    private final ProbeSchedule schedule = new ProbeSchedule();
    private final Map<Long, Relay> relays = new HashMap<>();
    private final Map<Long, LastChance> lastChances = new HashMap<>();
    private long seq;
    private Probe probe;
    private long nextProbeAt;

    /** A probe this node is running. */
    /**
     * Bytes kept free in an indirect ping for what it adds to a ping: the target's address and the
     * nack flag with their field names (the target id is already in the envelope). About 30 bytes
     * plus the host name, so 64 leaves room for host names of some 35 characters.
     */
    private static final int INDIRECT_PING_EXTRA_BYTES = 64;

    private static final class Probe {
        final MemberEntry target;
        final long seq;
        final long sentAt;
        final long indirectAt;
        long endAt;
        /** The verdict was put off once because this node itself ran late (see {@link #ranLate}). */
        boolean putOff;
        boolean acked;
        boolean indirectSent;
        /** A connect to the target's address was refused while this probe ran. */
        boolean refused;
        int expectedNacks;
        int nacks;

        Probe(MemberEntry target, long seq, long sentAt, long indirectAt, long endAt) {
            this.target = target;
            this.seq = seq;
            this.sentAt = sentAt;
            this.indirectAt = indirectAt;
            this.endAt = endAt;
        }
    }

    /** A last-chance probe of a suspect, remembered until it could have been answered. */
    private record LastChance(String memberId, long expiresAt) {
    }

    /** An indirect probe run on behalf of another member. */
    private record Relay(NodeAddress requester, long requesterSeq, long deadline, boolean nackWanted) {
    }

    public FailureDetector(CoreContext ctx, Membership membership, LocalHealth health, long nowMillis) {
        this.ctx = ctx;
        this.settings = ctx.config().failureDetection();
        this.membership = membership;
        this.health = health;
        // Start at a random offset within the first period so that nodes started together do not probe in lockstep.
        this.nextProbeAt = nowMillis + ctx.random().nextLong(Math.max(1, settings.probeInterval().toMillis()));
        membership.lastChanceProbe(this::sendLastChanceProbe);
    }

    /**
     * A last probe of a suspect before burying it on other nodes' word: direct, carrying the suspicion
     * (buddy rule) so a live suspect refutes in its ack, and through k relays at once so one lost
     * packet cannot decide a death. Any ack proves the suspect alive (see {@link #onAck}).
     */
    private boolean sendLastChanceProbe(MemberEntry suspect, long now) {
        long s = ++seq;
        lastChances.put(s, new LastChance(suspect.id(), now + settings.probeInterval().toMillis()));
        ctx.stats().increment(Counter.PROBES_SENT);
        ctx.send(suspect.member().address(), new Ping(ctx.origin(), s, suspect.id(), buddyRumors(suspect)), false);
        List<MemberEntry> relaysVia = membership.table().sampleActive(settings.indirectChecks(),
                e -> e == suspect || e.member().state() != MemberState.ALIVE, ctx.random());
        for (MemberEntry via : relaysVia) {
            ctx.stats().increment(Counter.INDIRECT_PROBES_SENT);
            ctx.send(via.member().address(), new IndirectPing(ctx.origin(), s, suspect.id(), suspect.member().address(),
                    false, List.of()), false);
        }
        return true;
    }

    /** Runs due probe phases and relay timeouts; {@code probing} is false after a leave or while paused. */
    public void tick(long now, boolean probing) {
        if (probe != null) {
            if (!probe.acked && !probe.indirectSent && now >= probe.indirectAt) {
                sendIndirectProbes(now);
            }
            if (now >= probe.endAt) {
                if (!probe.acked && !probe.putOff && ranLate(now, probe.endAt)) {
                    putOffVerdict(now);
                } else {
                    finishProbe(now);
                }
            }
        }
        expireRelays(now);
        if (now >= nextProbeAt) {
            if (probing && probe == null) {
                startProbe(now);
            } else {
                nextProbeAt = now + scaled(settings.probeInterval().toMillis());
            }
        }
    }

    /** Resets timers after a pause so the node does not fire a burst of stale probes. */
    public void restart(long now) {
        probe = null;
        relays.clear();
        lastChances.clear();
        nextProbeAt = now;
    }

    public long nextDeadlineMillis() {
        long next = nextProbeAt;
        if (probe != null) {
            next = Math.min(next, probe.endAt);
            if (!probe.acked && !probe.indirectSent) {
                next = Math.min(next, probe.indirectAt);
            }
        }
        for (Relay r : relays.values()) {
            next = Math.min(next, r.deadline());
        }
        return next;
    }

    private void startProbe(long now) {
        long interval = scaled(settings.probeInterval().toMillis());
        nextProbeAt = now + interval;
        reachBackToTheDead(now);
        MemberEntry target = membership.table().active().isEmpty() ? null : schedule.next(membership.table(), ctx.random());
        if (target == null) {
            return;
        }
        long s = ++seq;
        probe = new Probe(target, s, now, now + scaled(settings.probeTimeout().toMillis()), now + interval);
        ctx.stats().increment(Counter.PROBES_SENT);
        ctx.send(target.member().address(), new Ping(ctx.origin(), s, target.id(), rumorsFor(target)), false);
    }

    /**
     * After a member we had declared dead came back (a partition healed, or a death was wrong), others
     * we hold dead or suspect may be alive too, and nothing else tells us soon: their refutations may
     * have missed us while every queue drained, an unconfirmed suspicion runs for up to its maximum
     * timeout, and the reconnect sync comes once per push-pull interval. So for one push-pull interval
     * after each such return, each protocol period also pings one random member we hold dead or
     * suspect, carrying our claim about it (the buddy rule, for the dead too). A live one refutes or
     * re-asserts its higher incarnation straight back to us; a dead one costs one packet. A crash
     * with nobody coming back never triggers it.
     */
    private void reachBackToTheDead(long now) {
        long since = membership.lastResurrectionMillis();
        if (since == Long.MIN_VALUE || now - since > ctx.config().antiEntropy().pushPullInterval().toMillis()) {
            return;
        }
        List<MemberEntry> doubted = new ArrayList<>();
        for (MemberEntry e : membership.table().departed()) {
            if (e.member().state() == MemberState.DEAD) {
                doubted.add(e);
            }
        }
        for (MemberEntry e : membership.table().active()) {
            if (e.member().state() == MemberState.SUSPECT) {
                doubted.add(e);
            }
        }
        if (doubted.isEmpty()) {
            return;
        }
        MemberEntry target = doubted.get(ctx.random().nextInt(doubted.size()));
        ctx.stats().increment(Counter.PROBES_SENT);
        ctx.send(target.member().address(), new Ping(ctx.origin(), ++seq, target.id(),
                List.of(new MemberRumor(target.member(), ctx.selfId()))), false);
    }

    /**
     * Piggybacked rumors for a probe. Lifeguard's buddy rule: a suspected member is told first that
     * it is suspected, so it can refute at once instead of waiting for the rumor to find it.
     */
    private List<Rumor> rumorsFor(MemberEntry target) {
        if (!settings.lifeguard() || target.member().state() != MemberState.SUSPECT) {
            return ctx.piggyback(0);
        }
        return buddyRumors(target);
    }

    private List<Rumor> buddyRumors(MemberEntry target) {
        MemberRumor buddy = new MemberRumor(target.member(), ctx.selfId());
        List<Rumor> rumors = new ArrayList<>();
        rumors.add(buddy);
        rumors.addAll(ctx.piggyback(RumorSizes.estimate(buddy)));
        return rumors;
    }

    private void sendIndirectProbes(long now) {
        probe.indirectSent = true;
        MemberEntry target = probe.target;
        List<MemberEntry> relaysVia = membership.table().sampleActive(settings.indirectChecks(),
                e -> e == target || e.member().state() != MemberState.ALIVE, ctx.random());
        boolean nackWanted = settings.lifeguard();
        for (MemberEntry via : relaysVia) {
            ctx.stats().increment(Counter.INDIRECT_PROBES_SENT);
            ctx.send(via.member().address(), new IndirectPing(ctx.origin(), probe.seq, target.id(),
                    target.member().address(), nackWanted, ctx.piggyback(INDIRECT_PING_EXTRA_BYTES)), false);
        }
        probe.expectedNacks = nackWanted ? relaysVia.size() : 0;
        // memberlist's TCP fallback: the same probe once more over the reliable path, in parallel with
        // the relays. Random packet loss then needs the direct packets, every relay path and this one
        // to fail before a live member is suspected; each false suspicion costs the whole cluster a
        // suspicion and a refutation to spread, which is what saturated gossip at N = 10,000.
        List<Rumor> buddy = settings.lifeguard() && target.member().state() == MemberState.SUSPECT
                ? List.of(new MemberRumor(target.member(), ctx.selfId())) : List.of();
        ctx.send(target.member().address(), new Ping(ctx.origin(), probe.seq, target.id(), buddy), true);
    }

    /**
     * Whether this turn came so long after the probe's end (over half a probe timeout) that this node,
     * not the target, is the likely reason no ack was seen. The runtime wakes the core at its deadline;
     * a turn that late means the node was starved of CPU or stopped by a pause, and an ack may be
     * sitting unread in its socket while the protocol thread runs first. On a host whose CPUs are
     * overloaded that happens to many nodes at once, and each of their probes would otherwise raise a
     * suspicion of a live member (at N = 100 on two cores, thousands of suspicions in a few seconds).
     */
    private boolean ranLate(long now, long due) {
        return now - due > settings.probeTimeout().toMillis() / 2;
    }

    /**
     * Gives a probe that ended while this node was running late one more probe timeout, so the node
     * first reads what arrived meanwhile; the verdict then stands whatever this turn's timing. Late
     * turns are also a sign of local trouble, which Lifeguard's health score exists to record: the
     * node probes less often and waits longer until its probes are answered again.
     */
    private void putOffVerdict(long now) {
        probe.putOff = true;
        probe.endAt = now + settings.probeTimeout().toMillis();
        ctx.stats().increment(Counter.PROBE_VERDICTS_PUT_OFF);
        if (settings.lifeguard()) {
            health.apply(1);
        }
    }

    private void finishProbe(long now) {
        Probe done = probe;
        probe = null;
        if (done.acked) {
            return;
        }
        ctx.stats().increment(Counter.PROBES_FAILED);
        boolean crashed = done.refused && settings.failOnConnectionRefused();
        if (settings.lifeguard() && !crashed) {
            // A refusal came from the target's host, so our own network and turns were fine.
            health.apply(healthPenalty(done));
        }
        if (membership.table().get(done.target.id()) != done.target) {
            return;
        }
        if (crashed) {
            ctx.stats().increment(Counter.PROBES_REFUSED);
            membership.failLocally(done.target, now);
        } else {
            membership.suspectLocally(done.target, now);
        }
    }

    /**
     * The transport found nothing listening at {@code address}: a connect there was refused. Only the
     * running probe's target is concerned, and only until the probe ends, where the verdict is taken:
     * an ack through a relay by then still proves the member alive (whatever refused the connect).
     * A refusal outside a probe (a push-pull or a message to a member) is not acted on: the next probe
     * of that member finds it again if it lasts.
     */
    public void onConnectionRefused(NodeAddress address) {
        if (probe != null && !probe.acked && probe.target.member().address().equals(address)) {
            probe.refused = true;
        }
    }

    /**
     * What a failed probe says about our own health. memberlist adds one per missing nack, but in a
     * partition most relays sit on the far side: their nacks go missing together, which is the
     * network, not us, and three points per probe drove the minority side's probe interval to its
     * maximum within seconds (the 60/40 partition took 40-50 s to detect there). So: at most one
     * point per failed probe (still one when no nack was expected or none came), and none when the
     * target was already suspected, since a probe of a member others cannot reach is expected to fail.
     */
    private static int healthPenalty(Probe done) {
        if (done.target.member().state() == MemberState.SUSPECT) {
            return 0;
        }
        boolean nackMissing = done.expectedNacks == 0 || done.nacks < done.expectedNacks;
        return nackMissing ? 1 : 0;
    }

    public void onPing(Ping ping, long now, boolean answering) {
        if (!membership.isSelf(ping.targetId())) {
            // Meant for a previous life of this address (a restarted node with a new id): do not vouch for it.
            ctx.stats().increment(Counter.STALE_MESSAGES_IGNORED);
            return;
        }
        if (answering) {
            ctx.send(ping.origin().address(), new Ack(ctx.origin(), ping.seq(), ctx.piggyback(0)), false);
        }
    }

    public void onIndirectPing(IndirectPing request, long now) {
        long s = ++seq;
        relays.put(s, new Relay(request.origin().address(), request.seq(),
                now + settings.probeTimeout().toMillis(), request.nackWanted()));
        ctx.send(request.target(), new Ping(ctx.origin(), s, request.targetId(), ctx.piggyback(0)), false);
    }

    public void onAck(Ack ack, long now) {
        ctx.stats().increment(Counter.ACKS_RECEIVED);
        if (probe != null && ack.seq() == probe.seq && !probe.acked) {
            probe.acked = true;
            ctx.timing(Timing.Kind.PROBE_ROUND_TRIP, now - probe.sentAt);
            if (settings.lifeguard()) {
                health.apply(-1);
            }
            return;
        }
        LastChance lastChance = lastChances.remove(ack.seq());
        if (lastChance != null) {
            membership.suspectAnswered(lastChance.memberId(), now);
            return;
        }
        Relay relay = relays.remove(ack.seq());
        if (relay != null) {
            ctx.send(relay.requester(), new Ack(ctx.origin(), relay.requesterSeq(), List.of()), false);
        }
    }

    public void onNack(Nack nack) {
        ctx.stats().increment(Counter.NACKS_RECEIVED);
        if (probe != null && nack.seq() == probe.seq) {
            probe.nacks++;
        }
    }

    private void expireRelays(long now) {
        lastChances.values().removeIf(c -> c.expiresAt() <= now);
        for (Iterator<Relay> it = relays.values().iterator(); it.hasNext(); ) {
            Relay r = it.next();
            if (r.deadline() <= now) {
                it.remove();
                if (r.nackWanted()) {
                    ctx.send(r.requester(), new Nack(ctx.origin(), r.requesterSeq()), false);
                }
            }
        }
    }

    private long scaled(long millis) {
        return settings.lifeguard() ? health.scale(millis) : millis;
    }
}
