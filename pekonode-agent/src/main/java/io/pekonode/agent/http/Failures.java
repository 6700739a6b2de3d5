package io.pekonode.agent.http;

import io.pekonode.api.NodeLifecycleException;
import io.pekonode.api.PayloadTooLargeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Turns an exception an endpoint let through into the answer the client should see. */
final class Failures {

    private static final Logger LOG = LogManager.getLogger(Failures.class);

    private Failures() {
    }

    /**
     * The node closed, overloaded or timed out: 503 (try again, or elsewhere). Limits and bad values
     * the cluster rejected: 413 and 400. Anything else is a bug of ours: logged with its stack, and
     * answered 500 with one line and no stack.
     */
    static Response toResponse(String what, Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof NodeLifecycleException) {
            return Response.error(503, e.getMessage());
        }
        if (e instanceof PayloadTooLargeException) {
            return Response.error(413, e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return Response.error(400, e.getMessage());
        }
        LOG.warn("HTTP {} failed", what, e);
        return Response.error(500, "internal error: " + e.getClass().getSimpleName());
    }

    static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
