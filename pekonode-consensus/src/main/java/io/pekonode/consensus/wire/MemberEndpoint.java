package io.pekonode.consensus.wire;

import io.microraft.RaftEndpoint;
import java.util.Objects;

/** A Raft endpoint is a cluster member, named by its member id; messages to it go through the cluster. */
public record MemberEndpoint(String id) implements RaftEndpoint {

    public MemberEndpoint {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public Object getId() {
        return id;
    }

    /** The member id of any endpoint (MicroRaft hands back the ones it was given). */
    public static String idOf(RaftEndpoint endpoint) {
        return endpoint instanceof MemberEndpoint m ? m.id : String.valueOf(endpoint.getId());
    }

    @Override
    public String toString() {
        return id;
    }
}
