package io.pekonode.agent.handlers;

import io.pekonode.agent.events.EventKind;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A command run for membership events, like Serf's {@code -event-handler member-join=CMD}: the
 * affected member goes to stdin (one line: name, address, id, state and tags, tab-separated) and the
 * event's name into {@code PEKONODE_EVENT}.
 *
 * @param kinds   the membership kinds it runs for ({@code member-join}, {@code member-leave},
 *                {@code member-failed}, {@code member-update}, {@code member-reap})
 * @param command the shell command, run with {@code /bin/sh -c}
 */
public record MembershipHandler(Set<EventKind> kinds, String command) {

    /** The kinds a membership handler may name (suspicions and recoveries have none, as in Serf). */
    public static final Set<EventKind> KINDS = EnumSet.of(EventKind.MEMBER_JOIN, EventKind.MEMBER_LEAVE,
            EventKind.MEMBER_FAILED, EventKind.MEMBER_UPDATE, EventKind.MEMBER_REAP);

    public MembershipHandler {
        kinds = Set.copyOf(kinds);
        Objects.requireNonNull(command, "command");
        if (kinds.isEmpty() || !KINDS.containsAll(kinds)) {
            throw new IllegalArgumentException("membership handlers run for " + KINDS + ", not " + kinds);
        }
        if (command.isBlank()) {
            throw new IllegalArgumentException("a handler needs a command");
        }
    }
}
