package io.pekonode.api.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a cluster query is addressed and how long it collects answers.
 *
 * @param tagFilter  only members whose tag {@code k} matches the regular expression {@code v} (whole
 *                   match) for every entry answer; empty means every member
 * @param nodeIds    only these member ids answer; empty means every member
 * @param timeout    when the query stops collecting; empty uses the node's default (which grows
 *                   with the log of the cluster size, as Serf's does)
 * @param requestAck ask each receiving member to acknowledge receipt at once, before its handler runs
 * @param onResponse called (on the handler executor) for each response as it arrives; may be null
 * @param onAck      called (on the handler executor) with the member id of each acknowledgement as it
 *                   arrives; may be null
 */
public record QueryOptions(Map<String, String> tagFilter, List<String> nodeIds, Optional<Duration> timeout,
                           boolean requestAck, Consumer<QueryResponse> onResponse, Consumer<String> onAck) {

    /** Options without an acknowledgement callback. */
    public QueryOptions(Map<String, String> tagFilter, List<String> nodeIds, Optional<Duration> timeout,
                        boolean requestAck, Consumer<QueryResponse> onResponse) {
        this(tagFilter, nodeIds, timeout, requestAck, onResponse, null);
    }

    public QueryOptions {
        tagFilter = Map.copyOf(tagFilter);
        nodeIds = List.copyOf(nodeIds);
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("query timeout must be positive: " + t);
            }
        });
    }

    /** Every member, default timeout, with acks. */
    public static QueryOptions defaults() {
        return new QueryOptions(Map.of(), List.of(), Optional.empty(), true, null);
    }

    public QueryOptions withTag(String key, String valueRegex) {
        Map<String, String> tags = new java.util.LinkedHashMap<>(tagFilter);
        tags.put(key, valueRegex);
        return new QueryOptions(tags, nodeIds, timeout, requestAck, onResponse, onAck);
    }

    public QueryOptions withNodes(List<String> ids) {
        return new QueryOptions(tagFilter, ids, timeout, requestAck, onResponse, onAck);
    }

    public QueryOptions withTimeout(Duration t) {
        return new QueryOptions(tagFilter, nodeIds, Optional.of(t), requestAck, onResponse, onAck);
    }

    public QueryOptions withAcks(boolean ack) {
        return new QueryOptions(tagFilter, nodeIds, timeout, ack, onResponse, onAck);
    }

    public QueryOptions onEachResponse(Consumer<QueryResponse> consumer) {
        return new QueryOptions(tagFilter, nodeIds, timeout, requestAck, consumer, onAck);
    }

    /** Also calls {@code consumer} with the member id of each acknowledgement as it arrives. */
    public QueryOptions onEachAck(Consumer<String> consumer) {
        return new QueryOptions(tagFilter, nodeIds, timeout, requestAck, onResponse, consumer);
    }
}
