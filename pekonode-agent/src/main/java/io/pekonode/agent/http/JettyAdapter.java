package io.pekonode.agent.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;

/**
 * Hands Jetty's requests to the API's {@link Router} (the ops listener's and the warm-up's to their
 * own), writes the answer, and times every request but the warm-up's. Ordinary endpoints run on a
 * server thread and may block on the node; streamed answers return the thread at once and write as
 * their events come.
 */
final class JettyAdapter extends Handler.Abstract {

    /**
     * The router of each listener: the API's for its own connector and any other, the operations
     * listener's (when there is one) and the in-memory warm-up's (see {@link ApiWarmUp}) for theirs.
     */
    record Routers(Router api, Connector opsConnector, Router ops, Connector warmUpConnector, Router warmUp) {
    }

    private final Routers routers;
    private final SlowRequestGuard guard;
    private final MeterRegistry registry;
    private final int streamBacklog;
    private final StreamHub hub;
    private final StreamHub warmUpHub;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** {@code hub} and {@code warmUpHub}: the stream hubs whose drop counters count their streams' losses. */
    JettyAdapter(Routers routers, SlowRequestGuard guard, MeterRegistry registry, int streamBacklog, StreamHub hub,
                 StreamHub warmUpHub) {
        super(InvocationType.BLOCKING);
        this.routers = routers;
        this.guard = guard;
        this.registry = registry;
        this.streamBacklog = streamBacklog;
        this.hub = hub;
        this.warmUpHub = warmUpHub;
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                          Callback callback) {
        long started = System.nanoTime();
        Connection connection = request.getConnectionMetaData().getConnection();
        guard.requestStarted(connection);
        Connector via = request.getConnectionMetaData().getConnector();
        boolean onOps = routers.opsConnector() != null && via == routers.opsConnector();
        boolean warmingUp = via == routers.warmUpConnector();
        String listener = onOps ? "ops" : "api";
        Callback finished = Callback.from(() -> guard.requestEnded(connection), callback);
        HttpURI uri = request.getHttpURI();
        long length = request.getLength();
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        java.io.InputStream body = org.eclipse.jetty.server.Request.asInputStream(request);
        Router.Incoming in = new Router.Incoming(request.getMethod(), uri.getPath(), uri.getQuery(), length,
                length > 0 || chunked, request.getHeaders().get(HttpHeader.AUTHORIZATION), source(request), body);
        Response answer = (warmingUp ? routers.warmUp() : onOps ? routers.ops() : routers.api()).route(in);
        if (in.hasBody() && answer.status() >= 400 && length <= REFUSED_BODY_DRAIN_BYTES) {
            // Read what the client is still sending before answering: a connection closed with unread
            // bytes is reset by the kernel, and the reset discards the answer before the client reads it.
            drain(body);
        }
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        if (answer.allow() != null) {
            response.getHeaders().put(HttpHeader.ALLOW, answer.allow());
        }
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        if (!warmingUp) {
            timer(listener, request.getMethod(), answer.status()).record(System.nanoTime() - started,
                    java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        if (answer.streamer() != null) {
            response.getHeaders().put(new HttpField(HttpHeader.CACHE_CONTROL, "no-cache"));
            StreamHub owner = warmingUp ? warmUpHub : hub; // a lost warm-up sample is no client's loss
            JettyStreamSink sink = new JettyStreamSink(response, finished, streamBacklog, owner::dropped);
            sink.offer(new byte[0]); // sends the headers now, before the first event
            answer.streamer().start(sink);
            sink.iterate();
            return true;
        }
        if (in.hasBody() && !request.consumeAvailable()) {
            // Jetty closes a connection whose request body is left unread once the answer is sent; say so in
            // the answer, or a client that reuses the connection meets a closed socket on its next request.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        Callback afterSent = answer.afterSent() == null ? finished
                : Callback.from(finished, answer.afterSent());
        response.write(true, ByteBuffer.wrap(answer.body()), afterSent);
        return true;
    }

    /** Refused bodies up to this size (or chunked ones up to it) are read and dropped so the refusal arrives. */
    static final int REFUSED_BODY_DRAIN_BYTES = 1 << 20;

    private static void drain(java.io.InputStream body) {
        try {
            byte[] sink = new byte[8192];
            long left = REFUSED_BODY_DRAIN_BYTES;
            int n;
            while (left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) != -1) {
                left -= n;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // The client went away or timed out: the answer is sent anyway, if it can be.
        }
    }

    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "PUT", "POST", "DELETE", "HEAD");

    private Timer timer(String listener, String rawMethod, int status) {
        String method = METHODS.contains(rawMethod) ? rawMethod : "OTHER";
        String key = listener + ' ' + method + ' ' + status;
        return timers.computeIfAbsent(key, k -> Timer.builder("pekonode.http.requests")
                .description("HTTP requests answered, by listener, method and status (streams: until the headers)")
                .tags("listener", listener, "method", method, "status", Integer.toString(status))
                .register(registry));
    }

    private static String source(org.eclipse.jetty.server.Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }
}
