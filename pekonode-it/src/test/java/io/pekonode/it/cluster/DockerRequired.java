package io.pekonode.it.cluster;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Docker gate of {@link ClusterExtension} for tests that start containers their own way (the
 * deployment examples): skipped without Docker, failed in CI ({@code CI=true}).
 * Use as {@code @ExtendWith(DockerRequired.class)}.
 */
public final class DockerRequired implements ExecutionCondition, BeforeAllCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return DockerGate.evaluate();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        DockerGate.requireDocker();
    }

    /** True in CI, where a missing tool must fail the test rather than skip it. */
    public static boolean inCi() {
        return DockerGate.inCi();
    }
}
