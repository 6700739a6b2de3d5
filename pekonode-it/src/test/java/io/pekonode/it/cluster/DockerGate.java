package io.pekonode.it.cluster;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.testcontainers.DockerClientFactory;

/**
 * Decides what happens without a Docker engine: in CI ({@code CI=true}) the container tests fail,
 * because CI must run them; elsewhere they are skipped with instructions.
 */
final class DockerGate {

    static final String HOW_TO_RUN = "To run them: install Docker (Debian: `apt-get install -y docker.io`, "
            + "or Docker Desktop), start it so that `docker info` works, then run `mvn verify` from the repository root.";

    private static final Logger LOG = LogManager.getLogger(DockerGate.class);

    private static Boolean available;
    private static boolean skipAnnounced;

    private DockerGate() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static synchronized boolean dockerAvailable() {
        if (available == null) {
            boolean found;
            try {
                found = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                found = false;
            }
            available = found;
        }
        return available;
    }

    static ConditionEvaluationResult evaluate() {
        if (dockerAvailable()) {
            return ConditionEvaluationResult.enabled("Docker is available");
        }
        if (inCi()) {
            return ConditionEvaluationResult.enabled("CI=true without Docker: the test will fail");
        }
        String reason = "Docker is not reachable, so the container tests are skipped. " + HOW_TO_RUN;
        announceSkipOnce(reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    private static synchronized void announceSkipOnce(String reason) {
        if (!skipAnnounced) {
            skipAnnounced = true;
            LOG.warn(reason);
        }
    }

    /** Throws with a clear message when Docker is missing (only reached in CI, see {@link #evaluate}). */
    static void requireDocker() {
        if (!dockerAvailable()) {
            throw new IllegalStateException("CI=true but no Docker engine is reachable, and the container tests must run "
                    + "in CI. Start one (.ci/run installs and starts dockerd when `docker info` fails). " + HOW_TO_RUN);
        }
    }
}
