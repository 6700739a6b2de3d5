package io.pekonode.agent.handlers;

import io.pekonode.agent.events.EventKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code --event-handler FILTER=COMMAND}, Serf's syntax with the agent's earlier one kept:
 * FILTER is a comma-separated list of {@code member-join}, {@code member-leave},
 * {@code member-failed}, {@code member-update}, {@code member-reap}, {@code user} (every user
 * event), {@code user:NAME}, {@code query:NAME} (answer that query with the command's stdout), or a
 * bare NAME or {@code *} (the user event NAME, or every user event).
 *
 * @param membership the membership handler, or null when FILTER names no membership event
 * @param userEvents one user-event handler per user filter
 * @param queries    one query handler per query filter
 */
public record EventHandlerFlag(MembershipHandler membership, List<HandlerSpec> userEvents, List<HandlerSpec> queries) {

    private static final String USER = "user";
    private static final String QUERY = "query";

    /** @throws IllegalArgumentException with the flag's text and what is wrong with it */
    public static EventHandlerFlag parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1 || text.substring(eq + 1).isBlank()) {
            throw new IllegalArgumentException("expected NAME=COMMAND but got '" + text + "' (NAME: a user event, user:NAME, "
                    + "query:NAME or member-join, member-leave, member-failed, member-update, member-reap)");
        }
        String command = text.substring(eq + 1);
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        List<HandlerSpec> users = new ArrayList<>();
        List<HandlerSpec> queries = new ArrayList<>();
        for (String raw : text.substring(0, eq).split(",")) {
            String filter = raw.strip();
            if (filter.isEmpty()) {
                throw new IllegalArgumentException("empty filter in '" + text + "'");
            }
            if (filter.startsWith("member-")) {
                EventKind kind = EventKind.parse(filter).filter(MembershipHandler.KINDS::contains)
                        .orElseThrow(() -> new IllegalArgumentException("unknown membership event '" + filter
                                + "'; expected member-join, member-leave, member-failed, member-update or member-reap"));
                kinds.add(kind);
            } else if (filter.equals(USER)) {
                users.add(new HandlerSpec(HandlerSpec.ANY, command));
            } else if (filter.startsWith(USER + ":")) {
                users.add(new HandlerSpec(named(filter, USER), command));
            } else if (filter.equals(QUERY)) {
                throw new IllegalArgumentException("a query handler needs the query's name: query:NAME=COMMAND");
            } else if (filter.startsWith(QUERY + ":")) {
                queries.add(new HandlerSpec(named(filter, QUERY), command));
            } else {
                users.add(new HandlerSpec(filter, command));
            }
        }
        return new EventHandlerFlag(kinds.isEmpty() ? null : new MembershipHandler(kinds, command), users, queries);
    }

    private static String named(String filter, String prefix) {
        String name = filter.substring(prefix.length() + 1).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("missing name after '" + prefix + ":'");
        }
        return name;
    }
}
