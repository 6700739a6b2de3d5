package io.pekonode.agent.http;

import io.pekonode.agent.format.PayloadText;
import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import java.util.Base64;
import java.util.Set;

/**
 * {@code GET /v1/events?since=N&limit=M}: the user events this node received after local sequence
 * number {@code N} (0 or absent: all it still remembers), oldest first. Poll with the answer's
 * {@code next} as the new {@code since}; {@code dropped} counts events forgotten in between.
 */
final class EventsEndpoint implements Endpoint {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final EventHistory history;

    EventsEndpoint(EventHistory history) {
        this.history = history;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Set<String> parameters(String method) {
        return Set.of("since", "limit");
    }

    @Override
    public Response handle(Request request) {
        long since;
        int limit;
        try {
            QueryParams params = request.params();
            since = Long.parseLong(params.first("since").orElse("0"));
            limit = Integer.parseInt(params.first("limit").orElse(Integer.toString(DEFAULT_LIMIT)));
        } catch (IllegalArgumentException e) {
            return Response.error(400, "since and limit must be whole numbers: " + e.getMessage());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Response.error(400, "limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
        EventHistory.Page page = history.since(since, limit);
        var events = page.events().stream().map(e -> view(e.seq(), e.event())).toList();
        return Response.json(200, new ApiModel.EventsPage(events, page.next(), page.dropped()));
    }

    private static ApiModel.EventView view(long seq, UserEventReceived e) {
        byte[] payload = e.payload();
        String text = PayloadText.utf8OrNull(payload);
        return new ApiModel.EventView(seq, e.name(), e.originId(), e.lamportTime(), e.coalesced(), text,
                text == null ? Base64.getEncoder().encodeToString(payload) : null);
    }
}
