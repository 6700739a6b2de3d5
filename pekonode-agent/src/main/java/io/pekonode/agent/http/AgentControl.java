package io.pekonode.agent.http;

import java.util.List;
import java.util.Map;
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

    /** True once the agent is leaving or shutting down: it is no longer ready for traffic. */
    default boolean shuttingDown() {
        return false;
    }

    /** The settings {@code GET /v1/info} shows (no secrets). */
    default Map<String, Object> configSummary() {
        return Map.of();
    }

    /** Queue depths of the agent's own work (handler commands...), by name, for info and readiness. */
    default Map<String, Number> queues() {
        return Map.of();
    }

    /**
     * Handler commands since the agent started, across reloads, by outcome: {@code started},
     * {@code succeeded}, {@code failed}, {@code timed_out}, {@code rejected}.
     */
    default Map<String, Long> handlerCommands() {
        return Map.of();
    }

    /** Names of the agent's queues that are full right now (readiness fails while any is). */
    default List<String> overloaded() {
        return List.of();
    }
}
