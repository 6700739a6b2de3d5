package io.pekonode.agent.http;

import io.pekonode.agent.events.EventKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/stream[?type=KIND...]}: Server-Sent Events of membership changes, metadata changes,
 * user events and queries this node received, as they happen. {@code type} (repeatable, or
 * comma-separated) keeps only those kinds; {@code member} stands for every {@code member-*} kind.
 */
final class EventStreamEndpoint implements Endpoint {

    static final String PATH = "/v1/stream";

    private final StreamHub hub;

    EventStreamEndpoint(StreamHub hub) {
        this.hub = hub;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Set<String> parameters(String method) {
        return Set.of("type");
    }

    @Override
    public Response handle(Request request) {
        Set<EventKind> kinds;
        try {
            kinds = kinds(request.params().all("type"));
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        return Response.stream(Response.EVENT_STREAM, sink -> hub.add(sink, kinds));
    }

    static Set<EventKind> kinds(List<String> types) {
        if (types.isEmpty()) {
            return EnumSet.allOf(EventKind.class);
        }
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (String value : types) {
            for (String type : value.split(",")) {
                String t = type.strip();
                if (t.equals("member")) {
                    EnumSet.allOf(EventKind.class).stream().filter(EventKind::isMembership).forEach(kinds::add);
                    continue;
                }
                kinds.add(EventKind.parse(t).orElseThrow(() -> new IllegalArgumentException("unknown event type '" + t
                        + "'; expected member, " + String.join(", ", EventKind.labels()))));
            }
        }
        return kinds;
    }
}
