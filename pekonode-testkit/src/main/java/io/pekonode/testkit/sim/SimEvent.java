package io.pekonode.testkit.sim;

import io.pekonode.api.event.ClusterEvent;
import java.util.Objects;

/** One event as recorded by an {@link EventRecorder}: when, seen by whom, and what. */
public record SimEvent(long timeMillis, SimNode observer, ClusterEvent event) {
    public SimEvent {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(event, "event");
    }

    /** The id of the member the event is about, or null for metadata events. */
    public String memberId() {
        return event instanceof ClusterEvent.MemberEvent m ? m.member().id() : null;
    }
}
