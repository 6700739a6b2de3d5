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

/**
 * Rumor mongering: every gossip interval, send queued rumors to {@code fanout} random members.
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
    private long nextRoundAt;

    public Gossiper(CoreContext ctx, MemberTable table, long nowMillis) {
        this.ctx = ctx;
        this.settings = ctx.config().gossip();
        this.table = table;
        this.nextRoundAt = nowMillis + ctx.random().nextLong(Math.max(1, settings.interval().toMillis()));
    }

    public void tick(long now, boolean active) {
        if (now < nextRoundAt) {
            return;
        }
        nextRoundAt = now + settings.interval().toMillis();
        if (!active || ctx.broadcasts().size() == 0) {
            return;
        }
        ctx.stats().increment(Counter.GOSSIP_ROUNDS);
        List<MemberEntry> targets = targets(now);
        Set<Rumor> sent = Collections.newSetFromMap(new IdentityHashMap<>());
        for (MemberEntry target : targets) {
            if (!sendPacket(target, sent)) {
                break;
            }
        }
        // A backlog (a join storm, a burst of suspicions and refutations) would otherwise drain at a
        // fixed number of packets per round while its news goes stale: when the fanout packets could
        // not carry every queued rumor once, send more packets, to other live members, up to
        // BACKLOG_BURST x fanout. Each rumor's transmit limit is unchanged, so the bytes a backlog
        // costs are too; they are sent sooner. An idle or lightly loaded node never bursts.
        boolean backlogged = sent.size() < ctx.broadcasts().size();
        int maxPackets = BACKLOG_BURST * settings.fanout();
        for (int packets = targets.size(); backlogged && packets < maxPackets; packets++) {
            List<MemberEntry> extra = table.sampleActive(1,
                    e -> e.member().state() != MemberState.ALIVE || targets.contains(e), ctx.random());
            if (extra.isEmpty() || !sendPacket(extra.get(0), sent)) {
                break;
            }
            targets.add(extra.get(0));
        }
        // Rumors too large for any packet (big metadata values) travel the reliable path instead.
        List<Rumor> oversized = ctx.broadcasts().takeOversized(ctx.packetBudget());
        if (!oversized.isEmpty()) {
            for (MemberEntry target : targets) {
                ctx.send(target.member().address(), new Gossip(ctx.origin(), oversized), true);
            }
        }
    }

    /** One gossip packet of queued rumors to {@code target}; false when nothing was left to send. */
    private boolean sendPacket(MemberEntry target, Set<Rumor> sent) {
        List<Rumor> rumors = ctx.piggyback(0);
        if (rumors.isEmpty()) {
            return false;
        }
        sent.addAll(rumors);
        ctx.send(target.member().address(), new Gossip(ctx.origin(), rumors), false);
        return true;
    }

    public void restart(long now) {
        nextRoundAt = now;
    }

    public long nextDeadlineMillis() {
        return nextRoundAt;
    }

    private List<MemberEntry> targets(long now) {
        int fanout = settings.fanout();
        // Most of the fanout goes to members we believe alive: in a partition most suspects and the
        // recently dead are unreachable, and a rumor sent to them is one of its few transmits wasted.
        List<MemberEntry> targets = new ArrayList<>(table.sampleActive(fanout,
                e -> e.member().state() != MemberState.ALIVE, ctx.random()));
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
            int i = ctx.random().nextInt(total);
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
