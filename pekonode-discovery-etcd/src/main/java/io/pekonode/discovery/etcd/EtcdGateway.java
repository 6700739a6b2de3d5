package io.pekonode.discovery.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pekonode.api.spi.discovery.DiscoveryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * etcd's v3 JSON gateway over the JDK's HTTP client: POST a JSON body to {@code /v3/...}, read a
 * JSON answer. Tries the endpoints in turn, starting with the last one that answered; logs in and
 * sends the token when a user is configured. Keys and values are base64, 64-bit numbers strings.
 */
final class EtcdGateway {

    static final ObjectMapper JSON = new ObjectMapper();

    private final EtcdSettings settings;
    private final HttpClient http;
    private volatile int current;
    private volatile String token;

    EtcdGateway(EtcdSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .version(HttpClient.Version.HTTP_1_1);
        settings.caFile().ifPresent(ca -> builder.sslContext(trusting(ca)));
        this.http = builder.build();
    }

    /** POSTs {@code body} to {@code path} and returns the answer; logs in first when needed. */
    JsonNode call(String path, ObjectNode body) throws DiscoveryException {
        if (settings.user().isPresent() && token == null) {
            authenticate();
        }
        try {
            return post(path, body);
        } catch (AuthenticationExpired e) {
            authenticate();
            return post(path, body);
        }
    }

    /**
     * Opens {@code path} as a stream of JSON lines (the watch), on the first endpoint that accepts.
     * The caller reads lines until the stream ends and closes it.
     */
    Stream<String> stream(String path, ObjectNode body) throws DiscoveryException {
        if (settings.user().isPresent() && token == null) {
            authenticate();
        }
        DiscoveryException last = null;
        for (int i = 0; i < settings.endpoints().size(); i++) {
            URI endpoint = settings.endpoints().get((current + i) % settings.endpoints().size());
            try {
                HttpResponse<Stream<String>> response = http.send(request(endpoint, path, body, false),
                        HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                response.body().close();
                last = new DiscoveryException("etcd " + endpoint + path + " answered HTTP " + response.statusCode());
            } catch (IOException e) {
                last = unreachable(endpoint, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DiscoveryException("interrupted", e);
            }
        }
        throw last;
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String text) {
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }

    /** The end of the range of keys starting with {@code prefix}: the prefix with its last byte plus one. */
    static String prefixEnd(String prefix) {
        byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 1]++;
        return Base64.getEncoder().encodeToString(bytes);
    }

    private JsonNode post(String path, ObjectNode body) throws DiscoveryException {
        DiscoveryException last = null;
        int size = settings.endpoints().size();
        for (int i = 0; i < size; i++) {
            int index = (current + i) % size;
            URI endpoint = settings.endpoints().get(index);
            try {
                HttpResponse<String> response = http.send(request(endpoint, path, body, true),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode answer = parse(endpoint, path, response.body());
                if (response.statusCode() == 200) {
                    current = index;
                    return answer;
                }
                String message = answer.path("message").asText(answer.path("error").asText(response.body()));
                if (settings.user().isPresent() && message.contains("token")) {
                    throw new AuthenticationExpired();
                }
                // etcd answered: an error of the request, not of the endpoint; another endpoint would say the same.
                throw new DiscoveryException("etcd " + endpoint + path + " refused: HTTP " + response.statusCode() + " "
                        + message);
            } catch (IOException e) {
                last = unreachable(endpoint, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DiscoveryException("interrupted", e);
            }
        }
        throw last;
    }

    private void authenticate() throws DiscoveryException {
        token = null;
        ObjectNode body = JSON.createObjectNode().put("name", settings.user().orElseThrow())
                .put("password", settings.password().orElseThrow());
        JsonNode answer = post("/v3/auth/authenticate", body);
        String issued = answer.path("token").asText("");
        if (issued.isEmpty()) {
            throw new DiscoveryException("etcd authentication of user " + settings.user().get() + " returned no token");
        }
        token = issued;
    }

    private HttpRequest request(URI endpoint, String path, ObjectNode body, boolean bounded) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (bounded) {
            request.timeout(settings.timeout());
        }
        if (token != null) {
            request.header("Authorization", token);
        }
        return request.build();
    }

    private static JsonNode parse(URI endpoint, String path, String text) throws DiscoveryException {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new DiscoveryException("etcd " + endpoint + path + " answered something that is not JSON: "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        }
    }

    private static DiscoveryException unreachable(URI endpoint, IOException e) {
        String why = e instanceof HttpTimeoutException ? "timed out"
                : e instanceof ConnectException ? "connection refused"
                : e.toString();
        return new DiscoveryException("etcd " + endpoint + " unreachable: " + why, e);
    }

    private static SSLContext trusting(java.nio.file.Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("ca file " + caFile + " holds no usable PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The token was refused: log in again and retry once. */
    private static final class AuthenticationExpired extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    List<URI> endpoints() {
        return settings.endpoints();
    }
}
