package io.pekonode.engine.runtime.messaging;

import java.time.Duration;

/**
 * The default time a query collects answers, as Serf computes it: {@code gossipInterval x 16 x
 * ceil(log10(N + 1))} for N live members. A query reaches everyone in about log(N) gossip rounds;
 * the factor 16 leaves room for retransmission under loss and for the handlers to answer. With the
 * LAN profile (200 ms) that is 3.2 s up to 9 members, 6.4 s up to 99, 9.6 s up to 999.
 */
public final class QueryTimeouts {

    static final int MULTIPLIER = 16;

    private QueryTimeouts() {
    }

    public static Duration byDefault(Duration gossipInterval, int liveMembers) {
        int scale = (int) Math.ceil(Math.log10(Math.max(1, liveMembers) + 1.0));
        return gossipInterval.multipliedBy((long) MULTIPLIER * Math.max(1, scale));
    }
}
