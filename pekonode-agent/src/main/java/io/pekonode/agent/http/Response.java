package io.pekonode.agent.http;

/**
 * What an endpoint answers: a status, a content type and the body bytes.
 *
 * @param allow     for 405 answers, the methods the path accepts (sent as the {@code Allow} header); else null
 * @param afterSent runs once the answer is written and the exchange closed (or null)
 */
record Response(int status, String contentType, byte[] body, String allow, Runnable afterSent) {

    Response(int status, String contentType, byte[] body, String allow) {
        this(status, contentType, body, allow, null);
    }

    Response then(Runnable action) {
        return new Response(status, contentType, body, allow, action);
    }

    static final String JSON = "application/json";
    static final String OCTETS = "application/octet-stream";

    static Response json(int status, Object value) {
        return new Response(status, JSON, Json.write(value), null);
    }

    static Response error(int status, String message) {
        return json(status, new ApiModel.Error(message));
    }

    static Response bytes(byte[] body) {
        return new Response(200, OCTETS, body, null);
    }
}
