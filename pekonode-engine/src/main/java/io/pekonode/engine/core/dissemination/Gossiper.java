package io.pekonode.engine.core.dissemination;

import io.pekonode.api.MemberState;
import io.pekonode.api.wire.Gossip;
import io.pekonode.api.wire.Rumor;
import io.pekonode.engine.core.CoreContext;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.engine.core.membership.MemberEntry;
import io.pekonode.engine.core.membership.MemberTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Rumor mongering: every gossip interval, send queued rumors to {@code fanout} random members.
 *
 * <p>Traffic stays flat as the cluster grows: with nothing queued, a round sends nothing; each rumor
 * is sent a bounded number of times (the queue's transmit limit, which grows with log N only).
 * Members that died recently are still included as targets, so a member wrongly declared dead
 * hears about it and refutes.
 */
public final class Gossiper {
    private final CoreContext ctx;
    private final MemberTable table;
    private long nextRoundAt;

    public Gossiper(CoreContext ctx, MemberTable table, long nowMillis) {
        this.ctx = ctx;
        this.table = table;
        this.nextRoundAt = nowMillis + ctx.random().nextLong(Math.max(1, ctx.config().gossipInterval().toMillis()));
    }

    public void tick(long now, boolean active) {
        if (now < nextRoundAt) {
            return;
        }
        nextRoundAt = now + ctx.config().gossipInterval().toMillis();
        if (!active || ctx.broadcasts().size() == 0) {
            return;
        }
        ctx.stats().increment(Counter.GOSSIP_ROUNDS);
        List<MemberEntry> targets = targets(now);
        for (MemberEntry target : targets) {
            List<Rumor> rumors = ctx.piggyback(0);
            if (rumors.isEmpty()) {
                break;
            }
            ctx.send(target.member().address(), new Gossip(ctx.origin(), rumors), false);
        }
        // Rumors too large for any packet (big metadata values) travel the reliable path instead.
        List<Rumor> oversized = ctx.broadcasts().takeOversized(ctx.packetBudget());
        if (!oversized.isEmpty()) {
            for (MemberEntry target : targets) {
                ctx.send(target.member().address(), new Gossip(ctx.origin(), oversized), true);
            }
        }
    }

    public void restart(long now) {
        nextRoundAt = now;
    }

    public long nextDeadlineMillis() {
        return nextRoundAt;
    }

    private List<MemberEntry> targets(long now) {
        int fanout = ctx.config().gossipFanout();
        List<MemberEntry> targets = new ArrayList<>(table.sampleActive(fanout, e -> false, ctx.random()));
        long deadHorizon = now - ctx.config().gossipToDeadTime().toMillis();
        List<MemberEntry> recentlyDead = new ArrayList<>();
        for (MemberEntry e : table.departed()) {
            if (e.member().state() == MemberState.DEAD && e.stateSinceMillis() >= deadHorizon) {
                recentlyDead.add(e);
            }
        }
        if (!recentlyDead.isEmpty()) {
            // Give the recently dead a share of the fanout in proportion to their number.
            int total = table.activeCount() + recentlyDead.size();
            for (int slot = 0; slot < fanout; slot++) {
                if (ctx.random().nextInt(total) < recentlyDead.size()) {
                    MemberEntry pick = recentlyDead.get(ctx.random().nextInt(recentlyDead.size()));
                    if (!targets.contains(pick)) {
                        if (targets.size() >= fanout && !targets.isEmpty()) {
                            targets.set(slot % targets.size(), pick);
                        } else {
                            targets.add(pick);
                        }
                    }
                }
            }
        }
        return targets;
    }
}
