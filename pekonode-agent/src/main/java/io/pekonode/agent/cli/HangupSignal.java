package io.pekonode.agent.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Runs an action on SIGHUP, where the JVM lets the application have that signal. */
final class HangupSignal {

    private static final Logger LOG = LogManager.getLogger(HangupSignal.class);

    private HangupSignal() {
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
