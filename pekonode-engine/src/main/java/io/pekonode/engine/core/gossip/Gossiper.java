package io.pekonode.engine.core.gossip;

import io.pekonode.api.MemberState;
import io.pekonode.api.config.GossipConfig;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.engine.core.CoreContext;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.engine.core.membership.MemberEntry;
import io.pekonode.engine.core.membership.MemberTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Rumor mongering: every gossip interval, send queued rumors to {@code fanout} random members; and,
 * with eager push on, send news at once instead of holding it until the next round.
 *
 * <p>Why push at once: with rounds alone every hop waits for the holder's next round, so news crosses
 * the cluster in several intervals (about log_{f+1}(N) + ln(N)/f of them). Pushing news the moment it
 * is created or first heard makes every hop cost one network latency instead, and the rounds, with
 * the rumor's remaining transmits, and push-pull remain the repair for whatever the push missed. This
 * is Plumtree's eager phase without its spanning tree: the push goes to random members, so it needs no
 * tree upkeep and no new messages (a push is an ordinary gossip packet), at the price of duplicates:
 * every node sends each rumor to several members, as it does with rounds alone, only sooner; the
 * transmit limit bounds them (see {@link #extraTransmits} for the one fanout it adds).
 *
 * <p>Traffic stays flat as the cluster grows: with nothing queued, a round sends nothing; each rumor
 * is sent a bounded number of times (the queue's transmit limit, which grows with log N only).
 * A round's packets go to members believed alive, but for one slot at most that reaches a suspect
 * or a member that died recently, so a member wrongly accused or declared dead hears of it and
 * refutes, while in a partition most of the fanout still reaches someone.
 */
public final class Gossiper {
    /** Most packets a round sends, as a multiple of the fanout, while rumors are backlogged. */
    static final int BACKLOG_BURST = 3;

    private final CoreContext ctx;
    /** The gossip settings these rounds run with. */
    private final GossipConfig settings;
    private final MemberTable table;
    /**
     * Target choice draws from its own stream, split from the core's at construction, so that how
     * often the gossiper draws (pushes or not, more or fewer packets) leaves the other components'
     * draws (probe order, push-pull partners) as they were: runs with and without eager push then
     * differ by what the protocol does, not by a reshuffled probe order.
     */
    private final RandomGenerator random;
    /** Null when eager push is off. */
    private final EagerPush eager;
    private long nextRoundAt;

    public Gossiper(CoreContext ctx, MemberTable table, long nowMillis) {
        this.ctx = ctx;
        this.settings = ctx.config().gossip();
        this.table = table;
        this.random = new SplittableRandom(ctx.random().nextLong());
        this.nextRoundAt = nowMillis + random.nextLong(Math.max(1, settings.interval().toMillis()));
        this.eager = settings.eagerPush()
                ? new EagerPush(EAGER_PUSHES_PER_INTERVAL, settings.interval().toMillis(), nowMillis)
                : null;
    }

    /**
     * Eager push: when news was queued since the last push or round (created here, or heard for the
     * first time: only new information is ever queued, so a copy heard again queues nothing and is
     * not forwarded again), gossips the queue now instead of at the next round. The core calls it at
     * the end of every tick, after its other timers, so the news of one input turn goes out together.
     *
     * <p>A push sends {@code eagerPackets()} packets to as many distinct members, chosen as for a
     * round (at most one slot for a suspect or a recently dead member, so the accused hears of it).
     * Every packet counts a transmit of each rumor it carries, so the push spends most of each
     * rumor's transmit limit at once, and the rounds send the rest ({@link #extraTransmits}). Rumors
     * too large for a packet go over the reliable path to the first fanout targets, as in a round.
     */
    public void pushNews(long now, boolean active) {
        if (eager == null || !eager.due(ctx.broadcasts())) {
            return;
        }
        if (!active || ctx.broadcasts().size() == 0) {
            eager.handled(ctx.broadcasts()); // paused (the round after resuming sends it), or gone already
            return;
        }
        if (!eager.acquire(now)) {
            ctx.stats().increment(Counter.EAGER_PUSHES_DEFERRED);
            return; // still due: pushed when a token is back, unless a round sends the news first
        }
        eager.handled(ctx.broadcasts());
        ctx.stats().increment(Counter.EAGER_PUSHES);
        List<MemberEntry> targets = targets(now);
        sendToTargets(targets, 0, eagerPackets(), new Sent());
        sendOversized(targets.subList(0, Math.min(settings.fanout(), targets.size())));
    }

    /**
     * Packets per push: the transmit limit less two rounds' fanout (the limit without eager push less
     * one fanout), but at least the fanout.
     *
     * <p>Why that many: a push reaches everyone only if the members who pass the rumor on each send
     * it to enough others. When every node forwards a rumor once, to k random members, a fraction x of
     * the cluster never hears it, with x = e^(-k(1-x)), about e^-k: with k = 3 (one fanout) some 5 of
     * 100 nodes miss it and wait for a round, up to one interval. All N are reached with high
     * probability once N e^-k is well below 1, that is k above ln N. The transmit limit
     * {@code retransmitMultiplier x ceil(log10(N + 1))} (without the eager fanout) grows like 4 / 2.3 =
     * 1.7 ln N with the default multiplier, so k = that limit - fanout (9 at N = 100, 13 at 1,000, 17
     * at 10,000) keeps N e^-k small at every size: about 0.01 at N = 100, so one rumor in 80 or so has
     * a node that only the next round reaches.
     */
    private int eagerPackets() {
        int fanout = settings.fanout();
        return Math.max(fanout, ctx.broadcasts().transmitLimit() - 2 * fanout);
    }

    /**
     * Sends added to every rumor's transmit limit when eager push is on: one fanout. The push spends
     * most of the usual limit at once, and the extra fanout leaves two rounds' worth (2 x fanout) to
     * the rounds, an interval apart. That is the repair in time: a member out of reach while the news
     * was pushed (a brief cut, a burst of loss) still gets it from a round once reachable; without the
     * extra fanout a single round was left, which a cut of half an interval could swallow whole, and
     * the news then waited for push-pull (seconds). Costs (limit + fanout) / limit in bytes per rumor:
     * 1.25x at N = 100, less above.
     */
    public static int extraTransmits(GossipConfig settings) {
        return settings.eagerPush() ? settings.fanout() : 0;
    }

    /**
     * Eager pushes per gossip interval at most (the token bucket's size and refill rate). Two pushes
     * of {@link #eagerPackets()} bound the eager packets a node sends per interval to
     * {@code 2 x (limit - fanout)}: 18 at N = 100 with {@code lan()}, on top of a round's fanout to
     * {@code BACKLOG_BURST x fanout}. One push per interval would leave a second piece of news
     * that arrives shortly after the first waiting a whole interval; more would only add packets,
     * since news that waits for a token is pushed together with everything that arrived meanwhile.
     */
    static final int EAGER_PUSHES_PER_INTERVAL = 2;

    public void tick(long now, boolean active) {
        if (now < nextRoundAt) {
            return;
        }
        nextRoundAt = now + settings.interval().toMillis();
        if (!active || ctx.broadcasts().size() == 0) {
            return;
        }
        ctx.stats().increment(Counter.GOSSIP_ROUNDS);
        // A backlog (a join storm, a burst of suspicions and refutations) would otherwise drain at a
        // fixed number of packets per round while its news goes stale: when the fanout packets could
        // not carry every queued rumor once, send more packets, to other live members, up to
        // BACKLOG_BURST x fanout. Each rumor's transmit limit is unchanged, so the bytes a backlog
        // costs are too; they are sent sooner. An idle or lightly loaded node never bursts.
        List<MemberEntry> targets = targets(now);
        Sent sent = new Sent();
        if (sendToTargets(targets, 0, targets.size(), sent) && sent.size() < ctx.broadcasts().size()) {
            sendToTargets(targets, targets.size(), BACKLOG_BURST * settings.fanout(), sent);
        }
        if (eager != null) {
            eager.handled(ctx.broadcasts()); // this round carried the news: no push of it on top
        }
        sendOversized(targets);
    }

    /**
     * Rumors too large for any packet (big metadata values and events) travel the reliable path
     * instead, to {@code targets}: one transmit each per call, as for a packet.
     */
    private void sendOversized(List<MemberEntry> targets) {
        List<Rumor> oversized = ctx.broadcasts().takeOversized(ctx.packetBudget());
        if (!oversized.isEmpty()) {
            for (MemberEntry target : targets) {
                ctx.send(target.member().address(), new Gossip(ctx.origin(), oversized), true);
            }
        }
    }

    /**
     * Sends one packet of queued rumors to each of {@code targets} from index {@code from} on, then to
     * further live members (appended to {@code targets}) until {@code targets} has had {@code packets}
     * packets. Returns false when it stopped because the queue had nothing left to send.
     */
    private boolean sendToTargets(List<MemberEntry> targets, int from, int packets, Sent sent) {
        int count = from;
        for (; count < targets.size() && count < packets; count++) {
            if (!sendPacket(targets.get(count), sent)) {
                return false;
            }
        }
        for (; count < packets; count++) {
            List<MemberEntry> extra = table.sampleActive(1,
                    e -> e.member().state() != MemberState.ALIVE || targets.contains(e), random);
            if (extra.isEmpty()) {
                return true;
            }
            if (!sendPacket(extra.get(0), sent)) {
                return false;
            }
            targets.add(extra.get(0));
        }
        return true;
    }

    /** One gossip packet of queued rumors to {@code target}; false when nothing was left to send. */
    private boolean sendPacket(MemberEntry target, Sent sent) {
        List<Rumor> rumors = ctx.piggyback(0);
        if (rumors.isEmpty()) {
            return false;
        }
        sent.rumors.addAll(rumors);
        ctx.send(target.member().address(), new Gossip(ctx.origin(), rumors), false);
        return true;
    }

    /** The distinct rumors some packet of a round carried. */
    private static final class Sent {
        final Set<Rumor> rumors = Collections.newSetFromMap(new IdentityHashMap<>());

        int size() {
            return rumors.size();
        }
    }

    public void restart(long now) {
        nextRoundAt = now;
    }

    public long nextDeadlineMillis() {
        if (eager != null && eager.due(ctx.broadcasts())) {
            return Math.min(nextRoundAt, eager.nextPushMillis(ctx.now()));
        }
        return nextRoundAt;
    }

    private List<MemberEntry> targets(long now) {
        int fanout = settings.fanout();
        // Most of the fanout goes to members we believe alive: in a partition most suspects and the
        // recently dead are unreachable, and a rumor sent to them is one of its few transmits wasted.
        List<MemberEntry> targets = new ArrayList<>(table.sampleActive(fanout,
                e -> e.member().state() != MemberState.ALIVE, random));
        long deadHorizon = now - settings.toDeadTime().toMillis();
        List<MemberEntry> recentlyDead = new ArrayList<>();
        for (MemberEntry e : table.departed()) {
            if (e.member().state() == MemberState.DEAD && e.stateSinceMillis() >= deadHorizon) {
                recentlyDead.add(e);
            }
        }
        // One slot at most reaches out to a suspect or a recently dead member, chosen as often as a
        // uniform pick over everyone would choose one (fanout draws), so a wrongly accused member
        // still hears of it and refutes.
        int total = table.activeCount() + recentlyDead.size();
        for (int draw = 0; draw < fanout && total > 0; draw++) {
            int i = random.nextInt(total);
            MemberEntry pick = i < table.activeCount() ? table.active().get(i) : recentlyDead.get(i - table.activeCount());
            if (pick.member().state() != MemberState.ALIVE) {
                if (targets.size() >= fanout && !targets.isEmpty()) {
                    targets.set(targets.size() - 1, pick);
                } else {
                    targets.add(pick);
                }
                break;
            }
        }
        return targets;
    }
}
