package io.pekonode.it.cluster;

import java.time.Duration;
import java.util.regex.Pattern;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits for a log line, like {@code Wait.forLogMessage}, but gives up as soon as the container
 * exits (a node that fails at startup should not cost the whole startup timeout) and puts the
 * container's last output into the exception.
 */
final class ReadyLogWait extends AbstractWaitStrategy {

    private static final int TAIL_CHARS = 4000;

    private final Pattern line;

    ReadyLogWait(String regex, Duration timeout) {
        this.line = Pattern.compile(regex, Pattern.MULTILINE);
        withStartupTimeout(timeout);
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        long backoff = 50;
        while (true) {
            String logs = waitStrategyTarget.getLogs();
            if (line.matcher(logs).find()) {
                return;
            }
            if (!waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("the node exited before logging /" + line.pattern()
                        + "/; its output:\n" + tail(waitStrategyTarget.getLogs()));
            }
            if (System.nanoTime() > deadline) {
                throw new ContainerLaunchException("the node did not log /" + line.pattern() + "/ within "
                        + startupTimeout.toSeconds() + " s; its output:\n" + tail(logs));
            }
            try {
                Thread.sleep(backoff); // poll backoff
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for the node to start", e);
            }
            backoff = Math.min(500, backoff * 2);
        }
    }

    private static String tail(String logs) {
        return logs.length() <= TAIL_CHARS ? logs : "..." + logs.substring(logs.length() - TAIL_CHARS);
    }
}
