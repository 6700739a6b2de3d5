package io.pekonode.api.spi.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster query spreading by gossip, like Serf's: each member that matches the filters answers
 * the origin directly with {@link QueryReply} messages. (origin id, lamportTime) identifies it.
 *
 * @param origin        who asked, and where answers go
 * @param lamportTime   the asker's Lamport time; also the query id in replies
 * @param name          the query's name (the topic of the handler that answers it)
 * @param payload       the query's bytes
 * @param tagFilter     tag name to regular expression (whole match); all must match
 * @param nodeIds       when not empty, only these ids answer
 * @param timeoutMillis how long the asker collects answers; receivers drop it after that
 * @param wantAck       receivers acknowledge receipt before running the handler
 */
public record QueryRumor(Origin origin, long lamportTime, String name, byte[] payload, Map<String, String> tagFilter,
                         List<String> nodeIds, long timeoutMillis, boolean wantAck) implements Rumor {
    public QueryRumor {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        tagFilter = Map.copyOf(tagFilter);
        nodeIds = List.copyOf(nodeIds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryRumor r && origin.equals(r.origin) && lamportTime == r.lamportTime
                && name.equals(r.name) && tagFilter.equals(r.tagFilter) && nodeIds.equals(r.nodeIds)
                && timeoutMillis == r.timeoutMillis && wantAck == r.wantAck && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, lamportTime, name, tagFilter, nodeIds, timeoutMillis, wantAck) * 31
                + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "QueryRumor[" + name + " from " + origin.nodeId() + " @" + lamportTime + ", " + payload.length
                + " bytes, filter " + tagFilter + ", nodes " + nodeIds + ", " + timeoutMillis + " ms]";
    }
}
