package io.pekonode.agent.http;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the HTTP API needs from the agent around its cluster node. */
public interface AgentControl {

    /** True once a seed answered, when the node bootstraps, or when no seed was given. */
    boolean joined();

    /** The seeds the node is trying to join through, as {@code host:port}. */
    List<String> seeds();

    /** Leaves the cluster gracefully; completes when the departure was gossiped or its timeout passed. */
    CompletableFuture<Void> leave();

    /** Shuts the agent down in the background (leaving first if it has not yet); returns at once. */
    void shutdown();
}
