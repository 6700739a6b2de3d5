package io.pekonode.agent.cli;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Runs an action on SIGHUP, where the JVM lets the application have that signal. */
final class HangupSignal {

    private static final Logger LOG = LogManager.getLogger(HangupSignal.class);

    private HangupSignal() {
    }

    /**
     * Runs {@code start} with SIGHUP already handled, and then {@code reload} on what it started for
     * every SIGHUP. Handled before the start, not after: a SIGHUP sent right after the agent's ready line
     * (or during its start) would otherwise meet the JVM's default action, which ends the process. One
     * that comes during the start waits for it; when the start fails, nothing is reloaded.
     */
    static <N> N startHandlingHangups(Supplier<N> start, Consumer<N> reload) {
        CompletableFuture<N> started = new CompletableFuture<>();
        onHangup(() -> {
            N node;
            try {
                node = started.join();
            } catch (CompletionException | CancellationException e) {
                return; // the start failed, and says so itself
            }
            reload.accept(node);
        });
        N node;
        try {
            node = start.get();
        } catch (RuntimeException | Error e) {
            started.completeExceptionally(e);
            throw e;
        }
        started.complete(node);
        return node;
    }

    static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                // On a thread of its own: the signal thread must not wait on the node.
                Thread t = new Thread(action, "pekonode-reload");
                t.setDaemon(true);
                t.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("SIGHUP cannot be handled here ({}); restart the agent to change its settings", e.getMessage());
        }
    }
}
