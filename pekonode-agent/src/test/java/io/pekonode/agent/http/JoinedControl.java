package io.pekonode.agent.http;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An agent that has joined, has no seeds, leaves at once and ignores shutdown: for API tests without an agent. */
final class JoinedControl implements AgentControl {

    static final AgentControl INSTANCE = new JoinedControl();

    private JoinedControl() {
    }

    @Override
    public boolean joined() {
        return true;
    }

    @Override
    public List<String> seeds() {
        return List.of();
    }

    @Override
    public CompletableFuture<Void> leave() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void shutdown() {
    }
}
