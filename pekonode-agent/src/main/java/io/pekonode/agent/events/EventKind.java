package io.pekonode.agent.events;

import io.pekonode.api.event.ClusterEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The agent's names for cluster events, as Serf names them where Serf has the event: used by
 * {@code --event-handler member-join=...}, by {@code GET /v1/stream?type=...} and in the
 * {@code PEKONODE_EVENT} variable of handler commands.
 */
public enum EventKind {
    MEMBER_JOIN("member-join"),
    MEMBER_LEAVE("member-leave"),
    MEMBER_FAILED("member-failed"),
    MEMBER_UPDATE("member-update"),
    MEMBER_REAP("member-reap"),
    MEMBER_SUSPECT("member-suspect"),
    MEMBER_RECOVER("member-recover"),
    METADATA("metadata"),
    USER("user"),
    QUERY("query");

    private final String label;

    EventKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isMembership() {
        return label.startsWith("member-");
    }

    /** The kind of {@code event}; every event the API defines has one. */
    public static EventKind of(ClusterEvent event) {
        if (event instanceof ClusterEvent.MemberJoined) {
            return MEMBER_JOIN;
        } else if (event instanceof ClusterEvent.MemberLeft) {
            return MEMBER_LEAVE;
        } else if (event instanceof ClusterEvent.MemberFailed) {
            return MEMBER_FAILED;
        } else if (event instanceof ClusterEvent.MemberUpdated) {
            return MEMBER_UPDATE;
        } else if (event instanceof ClusterEvent.MemberReaped) {
            return MEMBER_REAP;
        } else if (event instanceof ClusterEvent.MemberSuspected) {
            return MEMBER_SUSPECT;
        } else if (event instanceof ClusterEvent.MemberRecovered) {
            return MEMBER_RECOVER;
        } else if (event instanceof ClusterEvent.MetadataChanged) {
            return METADATA;
        } else if (event instanceof ClusterEvent.UserEventReceived) {
            return USER;
        } else if (event instanceof ClusterEvent.QueryReceived) {
            return QUERY;
        }
        throw new IllegalArgumentException("no kind for " + event.getClass().getName());
    }

    public static Optional<EventKind> parse(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.label.equals(l)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(EventKind::label).toList();
    }
}
