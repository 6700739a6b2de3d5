package io.pekonode.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates made when the test runs, with the JDK's keytool: a CA, a server certificate
 * for 127.0.0.1 and localhost signed by it, and a client certificate signed by it; each written as
 * PEM (certificate chain, unencrypted PKCS#8 key) the way operators get them.
 */
public final class TestCertificates {

    public record Pem(Path cert, Path key) {
    }

    private static final String PASSWORD = "test-only";

    private final Path dir;
    public final Path caCert;
    public final Pem server;
    public final Pem client;

    private TestCertificates(Path dir, Path caCert, Pem server, Pem client) {
        this.dir = dir;
        this.caCert = caCert;
        this.server = server;
        this.client = client;
    }

    public static TestCertificates create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
        Path caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        Pem server = signed(dir, ca, "server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        Pem client = signed(dir, ca, "client", "CN=operator", null);
        return new TestCertificates(dir, caPem, server, client);
    }

    /** A key pair whose certificate the CA signs; written as chain PEM (leaf, CA) and key PEM. */
    private static Pem signed(Path dir, Path ca, String name, String dn, String san)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dn,
                "-validity", "2", "-keystore", store.toString());
        Path request = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        Path signedCert = dir.resolve(name + ".crt");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", ca.toString(),
                "-infile", request.toString(), "-outfile", signedCert.toString(), "-rfc", "-validity", "2"));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(String[]::new));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Key key = ks.getKey(name, PASSWORD.toCharArray());
        Path certPem = dir.resolve(name + ".pem");
        Path caPem = dir.resolve("ca.pem");
        Files.writeString(certPem, Files.readString(signedCert) + Files.readString(caPem));
        Path keyPem = dir.resolve(name + ".key");
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new Pem(certPem, keyPem);
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    public static String pem(Certificate certificate) throws GeneralSecurityException {
        return pem("CERTIFICATE", certificate.getEncoded());
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    public Path dir() {
        return dir;
    }
}
