package io.pekonode.agent.http;

import java.io.IOException;
import java.util.Set;

/**
 * One resource of the API. The router checks the method against {@link #methods()}, the query
 * parameters against {@link #parameters(String)}, the token's scope against {@link #scope(String)}
 * and the absence of a body where {@link #takesBody(String)} says none is expected, before calling it.
 */
interface Endpoint {

    Set<String> methods();

    Response handle(Request request) throws IOException;

    /** The query parameters {@code method} accepts; any other is a 400. */
    default Set<String> parameters(String method) {
        return Set.of();
    }

    /** Whether {@code method} reads a request body; a body sent where none is read is a 413. */
    default boolean takesBody(String method) {
        return false;
    }

    /** False for the few resources anyone may fetch, such as the dashboard's static files. */
    default boolean needsToken() {
        return true;
    }

    /** Reads need a read token; everything that changes something needs a write token. */
    default Scope scope(String method) {
        return "GET".equals(method) || "HEAD".equals(method) ? Scope.READ : Scope.WRITE;
    }
}
