package io.pekonode.api.messaging;

import java.util.List;
import java.util.Set;

/**
 * What a query collected by its deadline. A member can ack without responding (its handler was
 * slow, failed or missing) and, when acks were not requested, respond without acking.
 *
 * @param name      the query's name
 * @param acks      ids of members that acknowledged receipt (empty when acks were not requested)
 * @param responses the responses, in arrival order, at most one per member
 */
public record QueryResult(String name, Set<String> acks, List<QueryResponse> responses) {
    public QueryResult {
        acks = Set.copyOf(acks);
        responses = List.copyOf(responses);
    }
}
