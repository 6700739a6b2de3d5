package io.pekonode.agent.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS for the API from PEM files, as operators get them from their CA or cert-manager: a
 * certificate chain, its unencrypted PKCS#8 private key, and optionally the CAs whose client
 * certificates are accepted (then a client without one is refused during the handshake).
 *
 * @param keyStore  the key and its chain, under an in-memory password
 * @param trustStore the client CAs, or null when client certificates are not asked for
 */
public record TlsSettings(KeyStore keyStore, char[] password, KeyStore trustStore) {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    public boolean clientCertificates() {
        return trustStore != null;
    }

    /**
     * @param clientCa null for no client-certificate verification
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static TlsSettings load(Path cert, Path key, Path clientCa) {
        try {
            List<Certificate> chain = certificates(cert, "--http-tls-cert");
            PrivateKey privateKey = privateKey(key);
            char[] password = "pekonode".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("api", privateKey, password, chain.toArray(Certificate[]::new));
            KeyStore trust = null;
            if (clientCa != null) {
                trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int n = 0;
                for (Certificate ca : certificates(clientCa, "--http-tls-client-ca")) {
                    trust.setCertificateEntry("ca-" + n++, ca);
                }
            }
            return new TlsSettings(keys, password, trust);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS files cannot be used: " + e.getMessage(), e);
        }
    }

    public static List<Certificate> certificates(Path file, String flag) throws IOException, GeneralSecurityException {
        List<Certificate> out = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (byte[] der : blocks(file, flag, "CERTIFICATE")) {
            out.add(factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(flag + " " + file + " holds no PEM CERTIFICATE block");
        }
        return out;
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String text = read(file, "--http-tls-key");
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")
                || text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException("--http-tls-key " + file + " must be an unencrypted PKCS#8 key "
                    + "(BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        List<byte[]> keys = blocks(file, "--http-tls-key", "PRIVATE KEY");
        if (keys.size() != 1) {
            throw new IllegalArgumentException("--http-tls-key " + file + " must hold exactly one PEM PRIVATE KEY block");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("--http-tls-key " + file + ": not an RSA, EC or Ed25519 PKCS#8 key");
    }

    private static List<byte[]> blocks(Path file, String flag, String type) throws IOException {
        Matcher m = BLOCK.matcher(read(file, flag));
        List<byte[]> out = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(flag + " " + file + ": a " + type + " block is not valid base64");
                }
            }
        }
        return out;
    }

    private static String read(Path file, String flag) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
