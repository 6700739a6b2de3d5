package io.pekonode.agent.http;

import io.pekonode.api.NodeAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agent serves HTTP.
 *
 * @param api             where the API listens (port 0 picks a free port)
 * @param ops             where metrics and health are served without authentication, or null for nowhere
 *                        but the API itself
 * @param tokens          the API's tokens, or null for no authentication (loopback only, or --http-insecure)
 * @param tls             TLS of the API listener, or null for plain HTTP
 * @param maxConnections  connections open at once per listener; at the bound, idle ones are closed
 *                        sooner and new ones wait in the accept queue
 * @param idleTimeout     a connection that neither sends nor receives for this long is closed
 * @param requestDeadline a request that has started arriving must be complete within this, or its
 *                        connection is closed (the slow-client guard)
 * @param heartbeat       how often a quiet event stream sends a comment line, keeping proxies and the
 *                        idle timeout from closing it
 * @param streamBacklog   events queued for one stream client at most; a client further behind is dropped
 */
public record HttpSettings(NodeAddress api, NodeAddress ops, ApiTokens tokens, TlsSettings tls, int maxConnections,
                           Duration idleTimeout, Duration requestDeadline, Duration heartbeat, int streamBacklog) {

    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_STREAM_BACKLOG = 1024;

    public HttpSettings {
        Objects.requireNonNull(api, "api");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the connection bound must be at least 1: " + maxConnections);
        }
        if (streamBacklog < 1) {
            throw new IllegalArgumentException("the stream backlog must be at least 1: " + streamBacklog);
        }
    }

    /** Plain HTTP on {@code api}, no token, default bounds. */
    public static HttpSettings plain(NodeAddress api) {
        return new HttpSettings(api, null, null, null, DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_REQUEST_DEADLINE, DEFAULT_HEARTBEAT, DEFAULT_STREAM_BACKLOG);
    }

    public HttpSettings withOps(NodeAddress address) {
        return new HttpSettings(api, address, tokens, tls, maxConnections, idleTimeout, requestDeadline, heartbeat,
                streamBacklog);
    }

    public HttpSettings withTokens(ApiTokens value) {
        return new HttpSettings(api, ops, value, tls, maxConnections, idleTimeout, requestDeadline, heartbeat,
                streamBacklog);
    }

    public HttpSettings withTls(TlsSettings value) {
        return new HttpSettings(api, ops, tokens, value, maxConnections, idleTimeout, requestDeadline, heartbeat,
                streamBacklog);
    }

    public HttpSettings withBounds(int connections, Duration idle, Duration deadline) {
        return new HttpSettings(api, ops, tokens, tls, connections, idle, deadline, heartbeat, streamBacklog);
    }

    public HttpSettings withStream(Duration beat, int backlog) {
        return new HttpSettings(api, ops, tokens, tls, maxConnections, idleTimeout, requestDeadline, beat, backlog);
    }
}
