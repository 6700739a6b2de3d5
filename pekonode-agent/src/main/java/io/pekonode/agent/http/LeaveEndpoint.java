package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/leave}: the node announces its departure, answers once it has been gossiped, and the
 * agent then shuts down (like {@code serf leave}).
 */
final class LeaveEndpoint implements Endpoint {

    private final Cluster cluster;
    private final AgentControl control;
    private final Duration wait;

    LeaveEndpoint(Cluster cluster, AgentControl control, Duration wait) {
        this.cluster = cluster;
        this.control = control;
        this.wait = wait;
    }

    @Override
    public Set<String> methods() {
        return Set.of("POST");
    }

    @Override
    public Response handle(Request request) {
        Member self = cluster.localMember();
        try {
            control.leave().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return Response.json(200, new ApiModel.Left("left", self.id(), self.name())).then(control::shutdown);
        } catch (TimeoutException e) {
            return Response.json(202, new ApiModel.Left("leaving", self.id(), self.name())).then(control::shutdown);
        } catch (ExecutionException e) {
            return Response.error(500, "leave failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(503, "interrupted while leaving");
        }
    }
}
