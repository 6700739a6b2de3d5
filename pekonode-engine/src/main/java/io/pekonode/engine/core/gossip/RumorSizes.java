package io.pekonode.engine.core.gossip;

import io.pekonode.api.Member;
import io.pekonode.api.wire.Rumor;

/** STUB: to be implemented. Conservative encoded-size estimates used to fill packets. */
public final class RumorSizes {
    /** Bytes of a packet's envelope and message fields around its rumors (origin, seq, ids). */
    public static final int MESSAGE_OVERHEAD = 256;

    private RumorSizes() {
    }

    public static int estimate(Rumor rumor) {
        throw new UnsupportedOperationException();
    }

    public static int estimate(Member member) {
        throw new UnsupportedOperationException();
    }
}
