package io.pekonode.it.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The image every node container runs: the agent image {@code pekonode-agent:VERSION} that the build
 * made (pekonode-dist), the one users run. Where the host has iptables, the tests add it in a thin
 * layer on top, for partitions; the agent, its runtime and its launcher stay the image's own.
 */
public final class NodeImage implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(NodeImage.class);

    private final String name;
    private final boolean iptables;
    private final String description;
    private final boolean removeOnClose;

    private NodeImage(String name, boolean iptables, String description, boolean removeOnClose) {
        this.name = name;
        this.iptables = iptables;
        this.description = description;
        this.removeOnClose = removeOnClose;
    }

    /** Image reference to start containers from. */
    public String name() {
        return name;
    }

    /** Whether {@code /usr/sbin/iptables} exists in the image (needed for partitions). */
    public boolean hasIptables() {
        return iptables;
    }

    @Override
    public String toString() {
        return name + " (" + description + ")";
    }

    /** The agent image, checked to exist; with an iptables layer on top where the host has iptables. */
    public static NodeImage build(ImageSettings settings) {
        long start = System.nanoTime();
        DockerClient docker = DockerClientFactory.instance().client();
        String id;
        try {
            id = docker.inspectImageCmd(settings.image()).exec().getId();
        } catch (NotFoundException e) {
            throw new IllegalStateException("no image " + settings.image() + ": the build makes it (pekonode-dist, "
                    + "when `docker info` works). Run `mvn verify` from the repository root, or `mvn -pl pekonode-dist -am package`.");
        }
        if (!IptablesLayer.available()) {
            LOG.info("node image {} (no iptables on this host: partition tests are skipped)", settings.image());
            return new NodeImage(settings.image(), false, "the agent image", false);
        }
        String tag = "pekonode-it-iptables:" + UUID.randomUUID().toString().substring(0, 8);
        try {
            IptablesLayer.assemble(settings.workDir().resolve("iptables"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot assemble the iptables layer in " + settings.workDir(), e);
        }
        String dockerfile = "FROM " + settings.image() + "\nCOPY rootfs/ /\n";
        // deleteOnExit: Testcontainers' JVM shutdown hook removes it even if close() is never reached.
        new ImageFromDockerfile(tag, true)
                .withFileFromString("Dockerfile", dockerfile)
                .withFileFromPath("rootfs", settings.workDir().resolve("iptables"))
                .get();
        NodeImage image = new NodeImage(tag, true, settings.image() + " (" + id.substring(0, 19) + ") plus iptables", true);
        LOG.info("node image {} ready in {} ms", image, (System.nanoTime() - start) / 1_000_000);
        return image;
    }

    /** Removes the test layer; the agent image stays. */
    @Override
    public void close() {
        if (!removeOnClose) {
            return;
        }
        try {
            DockerClientFactory.instance().client().removeImageCmd(name).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone (the shutdown hook may have run first)
        } catch (DockerException e) {
            LOG.warn("could not remove image {}: {}", name, e.getMessage());
        }
    }
}
