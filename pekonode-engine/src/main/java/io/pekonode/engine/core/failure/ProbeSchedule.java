package io.pekonode.engine.core.failure;

import io.pekonode.engine.core.membership.MemberEntry;
import io.pekonode.engine.core.membership.MemberTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * SWIM's shuffled round-robin: every live member is probed once per round, in a fresh random order
 * each round, which bounds the time until a failed member is first probed to N protocol periods in
 * the worst case (and about one period in expectation) rather than leaving it to chance.
 */
final class ProbeSchedule {
    /**
     * Looks for a live member in what is left of the current round, then once more in a freshly
     * shuffled round; a third pass could find nothing the second did not.
     */
    private static final int PASSES = 2;

    private final List<MemberEntry> order = new ArrayList<>();
    private int next;

    /** The next live member to probe, or null when there is none. */
    MemberEntry next(MemberTable table, RandomGenerator random) {
        // Like memberlist: a member that joined mid-round goes to a random place in the rest of this
        // round, instead of waiting up to N periods for the next reshuffle to be probed at all.
        for (MemberEntry joined : table.drainNewlyActive()) {
            order.add(joined);
            Collections.swap(order, order.size() - 1, next + random.nextInt(order.size() - next));
        }
        for (int pass = 0; pass < PASSES; pass++) {
            while (next < order.size()) {
                MemberEntry candidate = order.get(next++);
                if (candidate.member().state().isActive() && table.get(candidate.id()) == candidate) {
                    return candidate;
                }
            }
            reshuffle(table, random);
        }
        return null;
    }

    private void reshuffle(MemberTable table, RandomGenerator random) {
        order.clear();
        order.addAll(table.active());
        // Fisher-Yates with the injected generator, so the order is reproducible from the seed.
        for (int i = order.size() - 1; i > 0; i--) {
            Collections.swap(order, i, random.nextInt(i + 1));
        }
        next = 0;
    }
}
