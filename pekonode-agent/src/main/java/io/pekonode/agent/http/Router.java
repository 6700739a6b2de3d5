package io.pekonode.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Dispatches every request by exact path (the JDK server matches contexts by prefix, which would
 * let {@code /v1/membersX} through), checks the method, and turns failures into JSON errors.
 */
final class Router implements HttpHandler {

    private static final Logger LOG = LogManager.getLogger(Router.class);
    static final String KV_PREFIX = "/v1/kv/";

    private final Map<String, Endpoint> exact;
    /** Endpoints addressed by what follows their prefix ({@code /v1/kv/KEY}, {@code /v1/event/NAME}...). */
    private final Map<String, Endpoint> prefixed;
    private final AtomicLong serverErrors = new AtomicLong();

    Router(Map<String, Endpoint> exact, Endpoint key) {
        this(exact, Map.of(KV_PREFIX, key));
    }

    Router(Map<String, Endpoint> exact, Map<String, Endpoint> prefixed) {
        this.exact = Map.copyOf(exact);
        this.prefixed = Map.copyOf(prefixed);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Response response;
        try (exchange) {
            try {
                response = route(exchange);
            } catch (IOException e) {
                // The client went away or sent a broken body; nothing useful can be written back.
                LOG.debug("I/O error on {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
                return;
            } catch (RuntimeException e) {
                serverErrors.incrementAndGet();
                LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = Response.error(500, "internal error: " + e);
            }
            write(exchange, response);
        }
        if (response.afterSent() != null) {
            response.afterSent().run();
        }
    }

    long serverErrors() {
        return serverErrors.get();
    }

    private Response route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Endpoint endpoint = exact.get(path);
        String remainder = "";
        if (endpoint == null) {
            for (Map.Entry<String, Endpoint> p : prefixed.entrySet()) {
                if (path.startsWith(p.getKey())) {
                    endpoint = p.getValue();
                    remainder = path.substring(p.getKey().length());
                    break;
                }
            }
        }
        if (endpoint == null) {
            return Response.error(404, "no such resource: " + path);
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!endpoint.methods().contains(method)) {
            String allowed = String.join(", ", new TreeSet<>(endpoint.methods()));
            Response error = Response.error(405, method + " is not allowed on " + path + "; use " + allowed);
            return new Response(405, error.contentType(), error.body(), allowed);
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long contentLength = -1;
        if (length != null) {
            try {
                contentLength = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return Response.error(400, "bad Content-Length: " + length);
            }
        }
        return endpoint.handle(new Request(method, remainder, contentLength, exchange.getRequestBody(),
                exchange.getRequestURI().getRawQuery()));
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        if (response.allow() != null) {
            exchange.getResponseHeaders().set("Allow", response.allow());
        }
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
