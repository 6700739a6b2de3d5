package io.pekonode.agent.http;

import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.KeyFile;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Key rotation and the encryption switches of a running agent (memberlist's keyring commands):
 * <ul>
 *   <li>{@code GET /v1/keyring}: key ids (primary first), label and switches; never key material.</li>
 *   <li>{@code POST /v1/keyring/install}, body one key-file line (base64 key or {@code passphrase:...}).</li>
 *   <li>{@code POST /v1/keyring/use} and {@code /remove}, body a key id.</li>
 *   <li>{@code POST /v1/keyring/encrypt-outgoing} and {@code /require-encrypted-incoming}, body {@code true|false}.</li>
 * </ul>
 * Every answer is the resulting keyring view. Rotation is install everywhere, use everywhere, remove
 * everywhere. With {@code --secret-file}, install, use and remove rewrite that file (atomically, same
 * format) before taking effect, so a restarted agent keeps the rotation; when the file cannot be
 * written the answer is 500 and the keyring is unchanged. Reading needs a read token, every change a write token (with --api-token-file).
 */
final class KeyringEndpoint implements Endpoint {

    /** The paths served, each with its action. */
    static Map<String, Endpoint> all(Optional<WireSecurity> security) {
        Map<String, Endpoint> paths = new LinkedHashMap<>();
        for (Action a : Action.values()) {
            paths.put(a.path, new KeyringEndpoint(security, a));
        }
        return paths;
    }

    enum Action {
        SHOW("/v1/keyring"), INSTALL("/v1/keyring/install"), USE("/v1/keyring/use"), REMOVE("/v1/keyring/remove"),
        ENCRYPT_OUTGOING("/v1/keyring/encrypt-outgoing"), REQUIRE_ENCRYPTED_INCOMING("/v1/keyring/require-encrypted-incoming");

        final String path;

        Action(String path) {
            this.path = path;
        }
    }

    private static final int MAX_BODY = 4096;

    private final Optional<WireSecurity> security;
    private final Action action;

    KeyringEndpoint(Optional<WireSecurity> security, Action action) {
        this.security = security;
        this.action = action;
    }

    @Override
    public Set<String> methods() {
        return Set.of(action == Action.SHOW ? "GET" : "POST");
    }

    @Override
    public boolean takesBody(String method) {
        return action != Action.SHOW;
    }

    @Override
    public Response handle(Request request) throws IOException {
        byte[] raw = action == Action.SHOW ? new byte[0] : request.body().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            return Response.error(413, "body over " + MAX_BODY + " bytes");
        }
        if (security.isEmpty()) {
            return Response.error(404, "this agent was started without --secret-file: its traffic is not encrypted");
        }
        WireSecurity s = security.get();
        if (action == Action.SHOW) {
            return view(s);
        }
        String body = new String(raw, StandardCharsets.UTF_8).strip();
        try {
            switch (action) {
                case INSTALL -> s.install(parseKey(body));
                case USE -> s.use(body);
                case REMOVE -> s.remove(body);
                case ENCRYPT_OUTGOING -> s.encryptOutgoing(parseBoolean(body));
                case REQUIRE_ENCRYPTED_INCOMING -> s.requireEncryptedIncoming(parseBoolean(body));
                default -> throw new IllegalStateException("unhandled " + action);
            }
        } catch (UncheckedIOException e) {
            // The --secret-file could not be written: the change was not made (see WireSecurity.keyringStore).
            return Response.error(500, e.getMessage());
        } catch (IllegalStateException e) {
            return Response.error(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            return Response.error(action == Action.USE || action == Action.REMOVE ? 404 : 400, e.getMessage());
        }
        return view(s);
    }

    private static ClusterKey parseKey(String line) {
        Keyring parsed = KeyFile.parse(line);
        if (parsed.keys().size() != 1) {
            throw new IllegalArgumentException("install takes exactly one key");
        }
        return parsed.primary();
    }

    private static boolean parseBoolean(String body) {
        if (body.equals("true") || body.equals("false")) {
            return Boolean.parseBoolean(body);
        }
        throw new IllegalArgumentException("body must be true or false");
    }

    private static Response view(WireSecurity s) {
        Keyring k = s.keyring();
        return Response.json(200, new ApiModel.KeyringView(k.primary().id(), k.ids(), s.label().orElse(null),
                s.encryptOutgoing(), s.requireEncryptedIncoming()));
    }
}
