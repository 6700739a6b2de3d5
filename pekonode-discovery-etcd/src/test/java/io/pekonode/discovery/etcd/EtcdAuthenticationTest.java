package io.pekonode.discovery.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.Discovery.NodeRegistration;
import io.pekonode.api.spi.discovery.DiscoveryException;
import io.pekonode.api.spi.discovery.DiscoveryTarget;
import io.pekonode.testkit.servers.Etcd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The etcd plugin against a real etcd with authentication turned on. */
class EtcdAuthenticationTest {

    @TempDir
    Path dir;

    private static void gateway(Etcd etcd, String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(etcd.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
    }

    @Test
    void withAUserAndPasswordFileTheNodeRegistersAndAWrongPasswordIsAClearError() throws Exception {
        try (Etcd etcd = Etcd.start(dir.resolve("etcd"))) {
            gateway(etcd, "/v3/auth/user/add", "{\"name\":\"root\",\"password\":\"root-pw\"}");
            gateway(etcd, "/v3/auth/role/add", "{\"name\":\"root\"}");
            gateway(etcd, "/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}");
            gateway(etcd, "/v3/auth/enable", "{}");
            Path good = Files.writeString(dir.resolve("good"), "root-pw\n");
            Path bad = Files.writeString(dir.resolve("bad"), "wrong\n");
            String base = "etcd://" + etcd.hostPort() + "/pekonode/auth?user=root&password-file=";

            Discovery anonymous = new EtcdDiscoveryProvider().create(DiscoveryTarget.parse(
                    "etcd://" + etcd.hostPort() + "/pekonode/auth", 7946));
            assertThrows(DiscoveryException.class, anonymous::seeds, "etcd refuses requests without a token");
            anonymous.close();

            Discovery d = new EtcdDiscoveryProvider().create(DiscoveryTarget.parse(base + good, 7946));
            NodeRegistration self = new NodeRegistration("id-1", "n1", new NodeAddress("127.0.0.2", 7946));
            d.register(self);
            d.renew();
            assertEquals(List.of(self.address()), d.seeds().addresses());
            d.deregister();
            assertEquals(List.of(), d.seeds().addresses());
            d.close();

            Discovery wrong = new EtcdDiscoveryProvider().create(DiscoveryTarget.parse(base + bad, 7946));
            DiscoveryException e = assertThrows(DiscoveryException.class, wrong::seeds);
            assertTrue(e.getMessage().contains("authenticate") && !e.getMessage().contains("wrong"), e.getMessage());
            wrong.close();
        }
    }
}
