package io.pekonode.agent.http;

import java.io.IOException;

/** Reads request bodies with a size bound, so a large or endless upload is refused, not buffered. */
final class Bodies {

    /** The body was over the limit; the endpoint answers 413 with {@link #getMessage()}. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private Bodies() {
    }

    static byte[] read(Request request, int limit, String what) throws IOException, TooLarge {
        if (request.contentLength() > limit) {
            throw new TooLarge(what + " is " + request.contentLength() + " bytes, over the limit of " + limit + " bytes");
        }
        // One byte past the limit tells a chunked body that is too large without reading it all.
        byte[] body = request.body().readNBytes(limit + 1);
        if (body.length > limit) {
            throw new TooLarge(what + " is more than " + limit + " bytes, over the limit of " + limit + " bytes");
        }
        return body;
    }
}
