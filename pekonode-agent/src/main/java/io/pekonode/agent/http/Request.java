package io.pekonode.agent.http;

import java.io.InputStream;

/**
 * An incoming call as endpoints see it.
 *
 * @param method        HTTP method, upper case
 * @param rawRemainder  the still percent-encoded rest of the path after the endpoint's prefix
 * @param contentLength the declared body length, or -1 when unknown (chunked)
 * @param body          the request body
 * @param rawQuery      the still percent-encoded query string (after {@code ?}), or null when none
 */
record Request(String method, String rawRemainder, long contentLength, InputStream body, String rawQuery) {

    Request(String method, String rawRemainder, long contentLength, InputStream body) {
        this(method, rawRemainder, contentLength, body, null);
    }

    QueryParams params() {
        return QueryParams.parse(rawQuery);
    }
}
