package io.pekonode.agent.cli;

import io.pekonode.agent.client.ApiClient;
import io.pekonode.agent.http.TlsSettings;
import io.pekonode.api.NodeAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;

/**
 * How client commands reach an agent: {@code --http} (with {@code https://} for TLS), the token and
 * the TLS files; each has a {@code PEKONODE_*} variable for its default.
 */
public final class ClientOptions {

    @Option(names = "--http", paramLabel = "[https://]HOST:PORT",
            defaultValue = "${env:PEKONODE_HTTP:-" + AgentOptions.DEFAULT_HTTP + "}",
            description = "Address of the agent to ask; https:// for an agent with TLS. Default: $PEKONODE_HTTP or "
                    + AgentOptions.DEFAULT_HTTP + ".")
    String http;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:PEKONODE_TOKEN_FILE}",
            description = "File holding the API token to send (its first line). Default: $PEKONODE_TOKEN_FILE; "
                    + "$PEKONODE_TOKEN may hold the token itself.")
    Path tokenFile;

    @Option(names = "--tls-ca", paramLabel = "PEM", defaultValue = "${env:PEKONODE_TLS_CA}",
            description = "Trust the agent's certificate when signed by one of these CAs (PEM); implies https. "
                    + "Default: $PEKONODE_TLS_CA, else the JDK's CAs.")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "PEM", defaultValue = "${env:PEKONODE_TLS_CERT}",
            description = "Client certificate (PEM) for an agent that asks for one; needs --tls-key. Default: $PEKONODE_TLS_CERT.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", defaultValue = "${env:PEKONODE_TLS_KEY}",
            description = "Private key of --tls-cert, unencrypted PKCS#8 PEM. Default: $PEKONODE_TLS_KEY.")
    Path tlsKey;

    ApiClient client() {
        String address = http.strip();
        boolean tls = tlsCa != null || tlsCert != null;
        if (address.startsWith("https://")) {
            tls = true;
            address = address.substring("https://".length());
        } else if (address.startsWith("http://")) {
            address = address.substring("http://".length());
        }
        if (address.endsWith("/")) {
            address = address.substring(0, address.length() - 1);
        }
        NodeAddress agent;
        try {
            agent = NodeAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--http " + http + ": " + e.getMessage(), e);
        }
        return new ApiClient(agent, tls, tls ? sslContext() : null, token());
    }

    private String token() {
        if (tokenFile != null) {
            try {
                String first = Files.readString(tokenFile, StandardCharsets.UTF_8).lines()
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
                // A line of the agent's own token file ("write TOKEN") works too.
                String[] parts = first.split("\\s+");
                String token = parts[parts.length - 1];
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("--token-file " + tokenFile + " holds no token");
                }
                return token;
            } catch (IOException e) {
                throw new IllegalArgumentException("--token-file " + tokenFile + " cannot be read: " + e.getMessage(), e);
            }
        }
        String fromEnv = System.getenv("PEKONODE_TOKEN");
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
    }

    private SSLContext sslContext() {
        try {
            TrustManagerFactory trust = null;
            if (tlsCa != null) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int n = 0;
                for (var ca : TlsSettings.certificates(tlsCa, "--tls-ca")) {
                    cas.setCertificateEntry("ca-" + n++, ca);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(cas);
            }
            KeyManagerFactory keys = null;
            if (tlsCert != null || tlsKey != null) {
                if (tlsCert == null || tlsKey == null) {
                    throw new IllegalArgumentException("a client certificate needs both --tls-cert and --tls-key");
                }
                TlsSettings client = TlsSettings.load(tlsCert, tlsKey, null);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(client.keyStore(), client.password());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS files cannot be used: " + e.getMessage(), e);
        }
    }
}
