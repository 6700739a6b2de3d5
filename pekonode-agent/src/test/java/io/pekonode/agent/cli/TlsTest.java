package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.agent.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over TLS with certificates made by keytool at test time, with and without client certificates. */
class TlsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private final TestAgents agents = new TestAgents();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
    }

    @AfterEach
    void close() {
        agents.close();
    }

    @Test
    void theCliTalksHttpsWhenItTrustsTheCaAndPlainHttpIsRefused() throws Exception {
        AgentNode agent = agents.start("--name", "tls", "--http-tls-cert", certs.server.cert().toString(),
                "--http-tls-key", certs.server.key().toString());
        String address = TestAgents.http(agent);
        CliRun.Result ok = CliRun.run("members", "--http", "https://" + address, "--tls-ca", certs.caCert.toString());
        assertEquals(ExitCodes.OK, ok.code(), ok.toString());
        assertTrue(ok.out().contains("tls"), ok.out());

        CliRun.Result untrusted = CliRun.run("members", "--http", "https://" + address);
        assertEquals(ExitCodes.UNREACHABLE, untrusted.code(), "the JDK's CAs do not know the test CA: " + untrusted);
        assertTrue(untrusted.err().contains("TLS"), untrusted.err());

        HttpClient plain = HttpClient.newHttpClient();
        assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create("http://" + address
                + "/v1/members")).build(), HttpResponse.BodyHandlers.ofString()), "plain HTTP gets no API answer");
    }

    @Test
    void clientCertificatesAreRequiredWhenAClientCaIsGiven() throws Exception {
        AgentNode agent = agents.start("--name", "mtls", "--http-tls-cert", certs.server.cert().toString(),
                "--http-tls-key", certs.server.key().toString(), "--http-tls-client-ca", certs.caCert.toString());
        String https = "https://" + TestAgents.http(agent);
        CliRun.Result anonymous = CliRun.run("members", "--http", https, "--tls-ca", certs.caCert.toString());
        assertNotEquals(ExitCodes.OK, anonymous.code(), "a client without a certificate is refused: " + anonymous);
        CliRun.Result withCert = CliRun.run("members", "--http", https, "--tls-ca", certs.caCert.toString(),
                "--tls-cert", certs.client.cert().toString(), "--tls-key", certs.client.key().toString());
        assertEquals(ExitCodes.OK, withCert.code(), withCert.toString());
    }

    @Test
    void badTlsFilesFailAtStartWithTheReason() throws Exception {
        Path notPem = Files.writeString(dir.resolve("junk.pem"), "hello\n");
        IllegalArgumentException noCert = assertThrows(IllegalArgumentException.class, () -> TestAgents.parse(Map.of(),
                "--http-tls-cert", notPem.toString(), "--http-tls-key", certs.server.key().toString()).httpSettings());
        assertTrue(noCert.getMessage().contains("no PEM CERTIFICATE"), noCert.getMessage());
        Path pkcs1 = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        IllegalArgumentException wrongKey = assertThrows(IllegalArgumentException.class, () -> TestAgents.parse(Map.of(),
                "--http-tls-cert", certs.server.cert().toString(), "--http-tls-key", pkcs1.toString()).httpSettings());
        assertTrue(wrongKey.getMessage().contains("openssl pkcs8"), wrongKey.getMessage());
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class, () -> TestAgents.parse(Map.of(),
                "--http-tls-cert", certs.server.cert().toString()).httpSettings());
        assertTrue(half.getMessage().contains("--http-tls-key"), half.getMessage());
    }
}
