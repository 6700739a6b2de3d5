package io.pekonode.agent.http;

/**
 * What an endpoint answers: a status, a content type and the body bytes, or a stream.
 *
 * @param allow     for 405 answers, the methods the path accepts (sent as the {@code Allow} header); else null
 * @param afterSent runs once the answer is written (or null)
 * @param streamer  for streamed answers, what feeds the stream once the headers are sent; else null
 * @param headers   further headers to send (name to value); usually none
 */
record Response(int status, String contentType, byte[] body, String allow, Runnable afterSent, Streamer streamer,
                java.util.Map<String, String> headers) {

    Response {
        headers = java.util.Map.copyOf(headers);
    }

    Response(int status, String contentType, byte[] body, String allow) {
        this(status, contentType, body, allow, null, null, java.util.Map.of());
    }

    Response then(Runnable action) {
        return new Response(status, contentType, body, allow, action, streamer, headers);
    }

    /** This answer with {@code more} headers as well. */
    Response withHeaders(java.util.Map<String, String> more) {
        java.util.Map<String, String> all = new java.util.HashMap<>(headers);
        all.putAll(more);
        return new Response(status, contentType, body, allow, afterSent, streamer, all);
    }

    static final String JSON = "application/json";
    static final String OCTETS = "application/octet-stream";
    static final String EVENT_STREAM = "text/event-stream";
    static final String JSON_LINES = "application/x-ndjson";

    static Response json(int status, Object value) {
        return new Response(status, JSON, Json.write(value), null);
    }

    static Response error(int status, String message) {
        return json(status, new ApiModel.Error(message));
    }

    static Response bytes(byte[] body) {
        return new Response(200, OCTETS, body, null);
    }

    static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    /** A 200 whose body is written piece by piece by {@code streamer}, for as long as it wants. */
    static Response stream(String contentType, Streamer streamer) {
        return new Response(200, contentType, new byte[0], null, null, streamer, java.util.Map.of());
    }

    /** Feeds a streamed answer; called once, after the headers went out, on a server thread. */
    @FunctionalInterface
    interface Streamer {
        void start(StreamSink sink);
    }
}
