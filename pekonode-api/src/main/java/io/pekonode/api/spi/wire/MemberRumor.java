package io.pekonode.api.spi.wire;

import io.pekonode.api.Member;
import java.util.Objects;

/**
 * News about one member's state at an incarnation.
 *
 * @param reporterId the node that made the claim (for a suspicion: who suspects; Lifeguard counts
 *                   independent reporters to shorten the suspicion timeout)
 */
public record MemberRumor(Member member, String reporterId) implements Rumor {
    public MemberRumor {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(reporterId, "reporterId");
    }
}
