package io.pekonode.it.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.pekonode.it.client.AgentClient;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/** One agent in its own container, with the ways a test can break it. */
public final class AgentNode {

    static final int GOSSIP_PORT = 7946;
    static final int HTTP_PORT = 7947;

    private final String alias;
    private final GenericContainer<?> container;
    private final String networkId;
    private final StringBuffer captured = new StringBuffer();
    private AgentClient api;

    AgentNode(String alias, GenericContainer<?> container, String networkId) {
        this.alias = alias;
        this.container = container;
        this.networkId = networkId;
    }

    /** Network alias, also the node's name and advertised host. */
    public String alias() {
        return alias;
    }

    /** Its HTTP API, through the port Docker published on the test host. */
    public synchronized AgentClient api() {
        if (api == null) {
            api = new AgentClient(container.getHost(), container.getMappedPort(HTTP_PORT));
        }
        return api;
    }

    /** Its address on the cluster network (stable for the container's life). */
    public String ip() {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .filter(n -> networkId.equals(n.getNetworkID()))
                .map(ContainerNetwork::getIpAddress)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(alias + " is not on network " + networkId));
    }

    /** What Docker says about the container: running, paused, how it exited, restarts. */
    public record ContainerState(String id, boolean running, boolean paused, long exitCode, boolean oomKilled,
                                 int restartCount, String startedAt, String finishedAt) {
    }

    public String containerId() {
        return container.getContainerId();
    }

    /** {@code docker inspect}; works as long as the container exists, running or not. */
    public ContainerState inspect() {
        InspectContainerResponse info = docker().inspectContainerCmd(container.getContainerId()).exec();
        InspectContainerResponse.ContainerState s = info.getState();
        Long exit = s.getExitCodeLong();
        Integer restarts = info.getRestartCount();
        return new ContainerState(info.getId(), Boolean.TRUE.equals(s.getRunning()), Boolean.TRUE.equals(s.getPaused()),
                exit == null ? 0 : exit, Boolean.TRUE.equals(s.getOOMKilled()), restarts == null ? 0 : restarts,
                s.getStartedAt(), s.getFinishedAt());
    }

    /** {@code docker kill}: SIGKILL, no goodbye. */
    public void kill() {
        docker().killContainerCmd(container.getContainerId()).exec();
    }

    /** {@code docker stop}: SIGTERM, then SIGKILL after a grace period. Nothing if it already exited. */
    public void stop() {
        try {
            docker().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
        } catch (NotModifiedException alreadyStopped) {
            // the agent exits by itself after a leave
        }
    }

    /** {@code docker pause}: freezes every process, the way a stalled host or long GC looks from outside. */
    public void pause() {
        docker().pauseContainerCmd(container.getContainerId()).exec();
    }

    public void unpause() {
        docker().unpauseContainerCmd(container.getContainerId()).exec();
    }

    boolean isPaused() {
        Boolean paused = docker().inspectContainerCmd(container.getContainerId()).exec().getState().getPaused();
        return Boolean.TRUE.equals(paused);
    }

    /** Drops every packet arriving from the given addresses (needs iptables in the image and NET_ADMIN). */
    void dropTrafficFrom(Collection<String> ips) throws IOException {
        for (String ip : ips) {
            exec("/usr/sbin/iptables", "-A", "INPUT", "-s", ip, "-j", "DROP");
        }
    }

    /**
     * Cuts the network between two groups in both directions: every node drops packets from the other
     * group's addresses, {@code sideA}'s nodes first. The HTTP API stays reachable from the test host.
     */
    static void cut(Collection<AgentNode> sideA, Collection<AgentNode> sideB) throws IOException {
        List<String> ipsA = sideA.stream().map(AgentNode::ip).toList();
        List<String> ipsB = sideB.stream().map(AgentNode::ip).toList();
        for (AgentNode node : sideA) {
            node.dropTrafficFrom(ipsB);
        }
        for (AgentNode node : sideB) {
            node.dropTrafficFrom(ipsA);
        }
    }

    /** Runs {@code iptables} with these arguments as root in the container, for faults beyond a plain partition. */
    public void iptables(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "/usr/sbin/iptables";
        System.arraycopy(args, 0, command, 1, args.length);
        exec(command);
    }

    /** Removes every rule added by {@link #dropTrafficFrom}. */
    void acceptAllTraffic() throws IOException {
        exec("/usr/sbin/iptables", "-F", "INPUT");
    }

    /**
     * Everything the container wrote to stdout and stderr so far: from Docker while the container
     * exists, else what was streamed from it (Testcontainers removes a container that failed to start).
     */
    public String logs() {
        if (container.getContainerId() != null) {
            try {
                return container.getLogs();
            } catch (RuntimeException e) {
                // removed meanwhile: fall back to the streamed copy
            }
        }
        return captured.length() == 0 ? "(no output captured from " + alias + ")" : captured.toString();
    }

    boolean hasOutput() {
        return container.getContainerId() != null || captured.length() > 0;
    }

    void capture(String output) {
        captured.append(output);
    }

    GenericContainer<?> container() {
        return container;
    }

    @Override
    public String toString() {
        return alias;
    }

    /** As root: the agent runs as an unprivileged user, iptables needs root (and NET_ADMIN). */
    private void exec(String... command) throws IOException {
        ExecResult result;
        try {
            result = container.execInContainerWithUser("0", command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + List.of(command), e);
        }
        if (result.getExitCode() != 0) {
            throw new IOException(alias + ": " + String.join(" ", command) + " exited with " + result.getExitCode()
                    + ": " + result.getStderr() + result.getStdout());
        }
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}
