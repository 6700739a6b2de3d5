package io.pekonode.typed;

import io.pekonode.api.messaging.QueryResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link QueryResult} with each response read as {@code R}. One member's unreadable response does
 * not spoil the others: it is listed in {@link #undecodable()} with the reason.
 *
 * @param name        the query's name
 * @param acks        ids of members that acknowledged receipt
 * @param responses   the responses that were valid {@code R}s, in arrival order
 * @param undecodable member id to the reason its response could not be read, in arrival order
 */
public record TypedQueryResult<R>(String name, Set<String> acks, List<Response<R>> responses,
                                  Map<String, String> undecodable) {

    /** One member's response. {@code value} is {@code null} when the member answered with JSON {@code null} or nothing. */
    public record Response<R>(String memberId, R value) {
        public Response {
            Objects.requireNonNull(memberId, "memberId");
        }
    }

    public TypedQueryResult {
        Objects.requireNonNull(name, "name");
        acks = Set.copyOf(acks);
        responses = List.copyOf(responses);
        // Map.copyOf would lose the arrival order.
        undecodable = Collections.unmodifiableMap(new LinkedHashMap<>(undecodable));
    }

    /** The decoded values by member id, in arrival order. */
    public Map<String, R> byMember() {
        Map<String, R> values = new LinkedHashMap<>();
        for (Response<R> response : responses) {
            values.put(response.memberId(), response.value());
        }
        return Collections.unmodifiableMap(values);
    }
}
