package io.pekonode.agent.http;

import java.io.IOException;
import java.util.Set;

/** One resource of the API. The router checks the method against {@link #methods()} before calling it. */
interface Endpoint {

    Set<String> methods();

    Response handle(Request request) throws IOException;
}
