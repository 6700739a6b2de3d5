package io.pekonode.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq on 127.0.0.1 and a free port, serving only the records a test gives it:
 * A and AAAA records from a hosts file (changed at run time with {@link #hosts} and a SIGHUP) and SRV
 * records (changed with {@link #srv}, which restarts it on the same port). Names under {@code .test}
 * are its own, so an unknown one gets NXDOMAIN. Records carry the TTL given at start.
 *
 * <pre>{@code
 * try (Dnsmasq dns = Dnsmasq.start(tempDir, Duration.ofSeconds(1))) {
 *     dns.hosts(Map.of("peko.test", List.of("127.0.0.2", "127.0.0.3")));
 *     String source = "dns:peko.test?server=" + dns.server();
 * }
 * }</pre>
 */
public final class Dnsmasq implements AutoCloseable {

    private final Path binary;
    private final Path dir;
    private final Path hostsFile;
    private final Path log;
    private final int port;
    private final Duration ttl;
    private List<String> srvRecords = List.of();
    private Process process;

    private Dnsmasq(Path binary, Path dir, int port, Duration ttl) {
        this.binary = binary;
        this.dir = dir;
        this.hostsFile = dir.resolve("hosts");
        this.log = dir.resolve("dnsmasq.log");
        this.port = port;
        this.ttl = ttl;
    }

    /** Starts it with no records; {@code ttl} is the TTL of every record it serves. */
    public static Dnsmasq start(Path dir, Duration ttl) {
        Path binary = LocalServer.binary("dnsmasq", "dnsmasq");
        LocalServer.createDirectories(dir);
        Dnsmasq dns = new Dnsmasq(binary, dir, LocalServer.freePort(), ttl);
        dns.writeHosts(Map.of());
        dns.launch();
        return dns;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, for a discovery source's {@code ?server=}. */
    public String server() {
        return "127.0.0.1:" + port;
    }

    /** Replaces the A and AAAA records (name to addresses) and has dnsmasq reread them. */
    public void hosts(Map<String, List<String>> records) {
        writeHosts(records);
        long readsBefore = countInLog("read " + hostsFile);
        try {
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            if (!hup.waitFor(5, TimeUnit.SECONDS) || hup.exitValue() != 0) {
                throw new IllegalStateException("kill -HUP dnsmasq failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // dnsmasq rereads on its next loop turn; wait until it said so in its log.
        awaitLog("read " + hostsFile, readsBefore + 1);
    }

    /**
     * Replaces the SRV records, each {@code NAME,TARGET,PORT} (dnsmasq's {@code --srv-host}), by
     * restarting on the same port.
     */
    public void srv(List<String> records) {
        srvRecords = List.copyOf(records);
        LocalServer.stop(process);
        launch();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--no-daemon", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--pid-file=",
                "--local=/test/", "--local-ttl=" + ttl.toSeconds(), "--addn-hosts=" + hostsFile, "--log-facility=-"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root"); // else it drops to nobody, who cannot read the test's private directory
        }
        srvRecords.forEach(r -> command.add("--srv-host=" + r));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        LocalServer.awaitListening(process, port, Duration.ofSeconds(10), log);
    }

    private void writeHosts(Map<String, List<String>> records) {
        StringBuilder text = new StringBuilder();
        new LinkedHashMap<>(records).forEach((name, addresses) -> addresses.forEach(a -> text.append(a).append(' ')
                .append(name).append('\n')));
        try {
            Files.writeString(hostsFile, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long countInLog(String text) {
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void awaitLog(String text, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (countInLog(text) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dnsmasq did not reread " + hostsFile + ": " + LocalServer.tail(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        LocalServer.stop(process);
    }
}
