package io.pekonode.agent.http;

import java.io.InputStream;

/**
 * An incoming call as endpoints see it.
 *
 * @param method        HTTP method, upper case
 * @param rawRemainder  the still percent-encoded rest of the path after the endpoint's prefix
 * @param contentLength the declared body length, or -1 when unknown (chunked)
 * @param body          the request body
 */
record Request(String method, String rawRemainder, long contentLength, InputStream body) {
}
