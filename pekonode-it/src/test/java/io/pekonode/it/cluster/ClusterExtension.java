package io.pekonode.it.cluster;

import io.pekonode.it.image.ImageSettings;
import io.pekonode.it.image.NodeImage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives a test class one cluster for all its tests:
 * <ul>
 *   <li>skips (or, with {@code CI=true}, fails) the class when Docker is missing;</li>
 *   <li>builds the node image once per test run and removes it when the run ends;</li>
 *   <li>starts the cluster before the first test and removes it after the last;</li>
 *   <li>writes every container's log beside the failsafe report of a failed test.</li>
 * </ul>
 * Register it as {@code @RegisterExtension static final ClusterExtension CLUSTER = ClusterExtension.udp(5);}.
 */
public final class ClusterExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, TestWatcher {

    private static final Logger LOG = LogManager.getLogger(ClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClusterExtension.class);

    private final String transport;
    private final int size;
    private DockerCluster cluster;

    private ClusterExtension(String transport, int size) {
        this.transport = transport;
        this.size = size;
    }

    public static ClusterExtension udp(int size) {
        return new ClusterExtension("udp", size);
    }

    public static ClusterExtension tcp(int size) {
        return new ClusterExtension("tcp", size);
    }

    public static ClusterExtension of(String transport, int size) {
        return new ClusterExtension(transport, size);
    }

    public DockerCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster starts before the first test of the class");
        }
        return cluster;
    }

    public ProtocolBounds bounds() {
        return ProtocolBounds.forCluster(size);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return DockerGate.evaluate();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        DockerGate.requireDocker();
        NodeImage image = sharedImage(context);
        String name = context.getRequiredTestClass().getSimpleName();
        cluster = DockerCluster.start(image, transport, size, Reports.dir(), name);
        LOG.info("{}: {}-node {} cluster up; {}", name, size, transport, bounds());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (cluster != null) {
            cluster.dumpLogs(Reports.dir(), context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName());
        }
    }

    /**
     * One image per test run: kept in the root context's store, which closes it (removing the
     * per-run image) after the last test class. A failed build is remembered, not retried per class.
     * {@link FleetExtension} shares it.
     */
    static NodeImage sharedImage(ExtensionContext context) {
        ImageHolder holder = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(ImageHolder.class.getName(), key -> new ImageHolder(), ImageHolder.class);
        return holder.get();
    }

    private static final class ImageHolder implements AutoCloseable {
        private NodeImage image;
        private RuntimeException failure;

        synchronized NodeImage get() {
            if (image == null && failure == null) {
                try {
                    image = NodeImage.build(ImageSettings.fromSystemProperties());
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException("the node image could not be built: " + failure.getMessage(), failure);
            }
            return image;
        }

        @Override
        public synchronized void close() {
            if (image != null) {
                image.close();
            }
        }
    }
}
