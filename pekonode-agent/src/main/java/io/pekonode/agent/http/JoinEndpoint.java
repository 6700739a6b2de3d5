package io.pekonode.agent.http;

import io.pekonode.agent.format.Durations;
import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code POST /v1/join?address=HOST:PORT[&address=...][&timeout=5s]}: contacts more members at run
 * time, like {@code serf join}. Answers once a live member is known at every address, or at the
 * timeout with the addresses that have not answered yet (the node keeps trying them in the background).
 */
final class JoinEndpoint implements Endpoint {

    static final String PATH = "/v1/join";
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final long POLL_NANOS = 20_000_000;

    private final Cluster cluster;

    JoinEndpoint(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Set<String> methods() {
        return Set.of("POST");
    }

    @Override
    public Set<String> parameters(String method) {
        return Set.of("address", "timeout");
    }

    @Override
    public Response handle(Request request) {
        List<NodeAddress> targets = new ArrayList<>();
        Duration wait = DEFAULT_WAIT;
        try {
            for (String a : request.params().all("address")) {
                targets.add(NodeAddress.parse(a));
            }
            if (request.params().first("timeout").isPresent()) {
                wait = Durations.parse(request.params().first("timeout").get());
            }
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        if (targets.isEmpty()) {
            return Response.error(400, "give at least one address=HOST:PORT to join");
        }
        if (wait.compareTo(MAX_WAIT) > 0) {
            return Response.error(400, "timeout is over the maximum of " + Durations.format(MAX_WAIT));
        }
        cluster.join(targets);
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> pending = names(targets);
        while (true) {
            List<String> joined = new ArrayList<>();
            pending = new ArrayList<>();
            for (NodeAddress target : targets) {
                (knownLive(target) ? joined : pending).add(target.toString());
            }
            if (pending.isEmpty() || System.nanoTime() > deadline) {
                return Response.json(pending.isEmpty() ? 200 : 504, new ApiModel.Joined(joined.size(), joined, pending));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private boolean knownLive(NodeAddress target) {
        InetSocketAddress wanted = resolved(target);
        for (Member m : cluster.liveMembers()) {
            if (m.address().equals(target) || wanted != null && wanted.equals(resolved(m.address()))) {
                return true;
            }
        }
        return false;
    }

    private static InetSocketAddress resolved(NodeAddress address) {
        try {
            InetSocketAddress a = address.resolve();
            return a.isUnresolved() ? null : a;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<String> names(List<NodeAddress> targets) {
        return targets.stream().map(NodeAddress::toString).toList();
    }
}
