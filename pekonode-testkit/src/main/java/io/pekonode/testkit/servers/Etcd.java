package io.pekonode.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real single-member etcd on 127.0.0.1 and free ports, with its data in a test directory. It can
 * be stopped and started again on the same ports and data (a backend outage).
 */
public final class Etcd implements AutoCloseable {

    private final Path binary;
    private final Path dir;
    private final Path log;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    private Etcd(Path binary, Path dir, int clientPort, int peerPort) {
        this.binary = binary;
        this.dir = dir;
        this.log = dir.resolve("etcd.log");
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    public static Etcd start(Path dir) {
        Path binary = LocalServer.binary("etcd", "etcd-server");
        LocalServer.createDirectories(dir);
        int client = LocalServer.freePort();
        int peer = LocalServer.freePort();
        while (peer == client) {
            peer = LocalServer.freePort();
        }
        Etcd etcd = new Etcd(binary, dir, client, peer);
        etcd.begin();
        return etcd;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    /** {@code 127.0.0.1:PORT}, for an {@code etcd://} discovery source. */
    public String hostPort() {
        return "127.0.0.1:" + clientPort;
    }

    /** Starts it again after {@link #stop()}, on the same ports and data. */
    public void begin() {
        String client = endpoint();
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = List.of(binary.toString(), "--name", "e1", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "e1=" + peer,
                "--log-outputs", "stderr");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        LocalServer.awaitListening(process, clientPort, Duration.ofSeconds(30), log);
    }

    /** Stops it (SIGTERM); its data stays for {@link #begin()}. */
    public void stop() {
        LocalServer.stop(process);
    }

    @Override
    public void close() {
        stop();
    }
}
