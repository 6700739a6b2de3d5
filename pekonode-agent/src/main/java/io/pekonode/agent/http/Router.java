package io.pekonode.agent.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Finds the endpoint of a request by exact path or by prefix, then checks, in this order, the method
 * (405), the token (401, 403, 429), the query parameters (400) and an unexpected body (413), and
 * turns every failure into a JSON error: bad input never gets a 500 or a stack trace.
 */
final class Router {

    private static final Logger LOG = LogManager.getLogger(Router.class);
    static final String KV_PREFIX = "/v1/kv/";

    /** A request as the server received it, before routing. */
    record Incoming(String method, String rawPath, String rawQuery, long contentLength, boolean hasBody,
                    String authorization, String source, InputStream body) {
    }

    /** Decides whether a request may reach an endpoint that needs {@code scope}; empty means yes. */
    @FunctionalInterface
    interface Gate {
        Optional<Response> check(Scope scope, String authorization, String source);

        Gate OPEN = (scope, authorization, source) -> Optional.empty();
    }

    private final Map<String, Endpoint> exact;
    /** Endpoints addressed by what follows their prefix ({@code /v1/kv/KEY}, {@code /v1/event/NAME}...). */
    private final Map<String, Endpoint> prefixed;
    private final Gate gate;

    Router(Map<String, Endpoint> exact, Map<String, Endpoint> prefixed, Gate gate) {
        this.exact = Map.copyOf(exact);
        this.prefixed = Map.copyOf(prefixed);
        this.gate = gate;
    }

    /** Routes and runs one request; never throws for anything the client sent. */
    Response route(Incoming in) {
        try {
            return dispatch(in);
        } catch (IOException e) {
            // The client went away or sent a broken body; the answer will probably not arrive.
            LOG.debug("I/O error on {} {}: {}", in.method(), in.rawPath(), e.toString());
            return Response.error(400, "could not read the request: " + e.getMessage());
        } catch (RuntimeException e) {
            return Failures.toResponse(in.method() + " " + in.rawPath(), e);
        }
    }

    private Response dispatch(Incoming in) throws IOException {
        String path = in.rawPath();
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
        String method = in.method().toUpperCase(Locale.ROOT);
        if (!endpoint.methods().contains(method)) {
            String allowed = String.join(", ", new TreeSet<>(endpoint.methods()));
            Response error = Response.error(405, method + " is not allowed on " + path + "; use " + allowed);
            return new Response(405, error.contentType(), error.body(), allowed);
        }
        Optional<Response> refused = endpoint.needsToken()
                ? gate.check(endpoint.scope(method), in.authorization(), in.source()) : Optional.empty();
        if (refused.isPresent()) {
            return refused.get();
        }
        QueryParams params;
        try {
            params = QueryParams.parse(in.rawQuery());
        } catch (IllegalArgumentException e) {
            return Response.error(400, "malformed query string: " + e.getMessage());
        }
        for (String name : params.names()) {
            if (!endpoint.parameters(method).contains(name)) {
                String known = endpoint.parameters(method).isEmpty() ? "none"
                        : String.join(", ", new TreeSet<>(endpoint.parameters(method)));
                return Response.error(400, "unknown parameter '" + name + "' for " + method + " " + path
                        + " (accepted: " + known + ")");
            }
        }
        if (in.hasBody() && !endpoint.takesBody(method)) {
            return Response.error(413, method + " " + path + " takes no request body");
        }
        return endpoint.handle(new Request(method, remainder, in.contentLength(), in.body(), in.rawQuery()));
    }
}
