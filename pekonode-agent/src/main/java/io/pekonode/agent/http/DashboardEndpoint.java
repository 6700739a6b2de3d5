package io.pekonode.agent.http;

import io.pekonode.agent.ui.DashboardAssets;
import java.util.Set;

/**
 * {@code GET /ui/...}: the web dashboard's static files. They load without a token (the page holds
 * no data); the page then asks for a token and sends it with every API call it makes.
 */
final class DashboardEndpoint implements Endpoint {

    static final String PREFIX = "/ui/";
    /** Without the slash: the page sets its own base address, so relative links still resolve. */
    static final String ROOT = "/ui";

    private final DashboardAssets assets = new DashboardAssets();

    @Override
    public Set<String> methods() {
        return Set.of("GET", "HEAD");
    }

    @Override
    public boolean needsToken() {
        return false;
    }

    @Override
    public Response handle(Request request) {
        return assets.find(request.rawRemainder())
                .map(a -> new Response(200, a.contentType(), a.body(), null))
                .orElseGet(() -> Response.error(404, "no such dashboard file: " + request.rawRemainder()));
    }
}
