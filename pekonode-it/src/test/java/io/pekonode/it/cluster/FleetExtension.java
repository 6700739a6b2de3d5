package io.pekonode.it.cluster;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Like {@link ClusterExtension}, but the test starts its own nodes: it gets an empty {@link Fleet}
 * on a fresh network, built on the run's shared node image. Same Docker gate (skip, or fail in CI),
 * same log files beside the failsafe report of a failed test (every container, restarted ones too).
 * Register it as {@code @RegisterExtension static final FleetExtension FLEET = FleetExtension.udp();}.
 */
public final class FleetExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, TestWatcher {

    private final String transport;
    private Fleet fleet;

    private FleetExtension(String transport) {
        this.transport = transport;
    }

    public static FleetExtension udp() {
        return new FleetExtension("udp");
    }

    public static FleetExtension tcp() {
        return new FleetExtension("tcp");
    }

    public Fleet fleet() {
        if (fleet == null) {
            throw new IllegalStateException("the fleet is created before the first test of the class");
        }
        return fleet;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return DockerGate.evaluate();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        DockerGate.requireDocker();
        fleet = new Fleet(ClusterExtension.sharedImage(context), transport);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fleet != null) {
            fleet.close();
            fleet = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (fleet != null) {
            fleet.dumpLogs(Reports.dir(), context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName());
        }
    }
}
