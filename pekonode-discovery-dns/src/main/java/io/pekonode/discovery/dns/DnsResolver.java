package io.pekonode.discovery.dns;

import io.pekonode.api.spi.discovery.DiscoveryException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks DNS servers one question at a time: over UDP, and again over TCP when the answer was
 * truncated (a name with many records). Either the servers of {@code /etc/resolv.conf}, with its
 * search domains and {@code ndots} (so a Kubernetes service's short name works as in a pod), or one
 * server named by the user, on any port.
 *
 * <p>The JDK's own resolver is not used: it neither reports TTLs nor asks a server on another port.
 */
final class DnsResolver {

    static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final int ATTEMPTS = 2;
    private static final int MAX_UDP_RESPONSE = 4096;
    private static final int MAX_TCP_RESPONSE = 65535;

    /** The answer to one question, under the name that answered it (after the search list). */
    record Answer(String name, DnsMessage.Response response) {
    }

    private final List<InetSocketAddress> servers;
    private final List<String> searchDomains;
    private final int ndots;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    DnsResolver(List<InetSocketAddress> servers, List<String> searchDomains, int ndots, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.searchDomains = List.copyOf(searchDomains);
        this.ndots = ndots;
        this.timeout = timeout;
    }

    /** One server, no search list: names are asked as given. */
    static DnsResolver of(InetSocketAddress server, Duration timeout) {
        return new DnsResolver(List.of(server), List.of(), 1, timeout);
    }

    /**
     * The system's configuration, read now.
     *
     * @throws DiscoveryException when it names no server (then {@code ?server=} must)
     */
    static DnsResolver system(Duration timeout) throws DiscoveryException {
        List<InetSocketAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        int ndots = 1;
        try {
            for (String raw : Files.readAllLines(RESOLV_CONF, StandardCharsets.UTF_8)) {
                String[] words = raw.strip().split("\\s+");
                if (words.length < 2 || words[0].startsWith("#") || words[0].startsWith(";")) {
                    continue;
                }
                switch (words[0]) {
                    case "nameserver" -> servers.add(new InetSocketAddress(InetAddress.getByName(words[1].split("%")[0]), 53));
                    case "search", "domain" -> {
                        search.clear();
                        for (int i = 1; i < words.length; i++) {
                            search.add(DnsMessage.trimDot(words[i]));
                        }
                    }
                    case "options" -> {
                        for (int i = 1; i < words.length; i++) {
                            if (words[i].startsWith("ndots:")) {
                                ndots = Math.max(0, Math.min(15, Integer.parseInt(words[i].substring(6))));
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new DiscoveryException("cannot read the system's DNS servers from " + RESOLV_CONF + " (" + e
                    + "); name a server with ?server=HOST:PORT", e);
        }
        if (servers.isEmpty()) {
            throw new DiscoveryException(RESOLV_CONF + " names no DNS server; name one with ?server=HOST:PORT");
        }
        return new DnsResolver(servers, search, ndots, timeout);
    }

    /**
     * Asks for {@code type} records of {@code name}, trying the search domains as a stub resolver
     * does; the first name that exists answers.
     *
     * @throws DiscoveryException when no server answers, or one answers with a failure other than
     *                            "no such name"
     */
    Answer lookup(String name, int type) throws DiscoveryException {
        Answer last = null;
        for (String candidate : candidates(name)) {
            DnsMessage.Response response = ask(candidate, type);
            last = new Answer(candidate, response);
            if (response.rcode() == DnsMessage.RCODE_OK) {
                return last;
            }
        }
        return last;
    }

    List<String> candidates(String name) {
        if (name.endsWith(".") || searchDomains.isEmpty()) {
            return List.of(DnsMessage.trimDot(name));
        }
        List<String> withSearch = new ArrayList<>();
        for (String domain : searchDomains) {
            withSearch.add(name + "." + domain);
        }
        long dots = name.chars().filter(c -> c == '.').count();
        List<String> all = new ArrayList<>();
        if (dots >= ndots) {
            all.add(name);
            all.addAll(withSearch);
        } else {
            all.addAll(withSearch);
            all.add(name);
        }
        return all;
    }

    private DnsMessage.Response ask(String name, int type) throws DiscoveryException {
        IOException lastError = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            for (InetSocketAddress server : servers) {
                try {
                    DnsMessage.Response response = askUdp(server, name, type);
                    if (response.truncated()) {
                        response = askTcp(server, name, type);
                    }
                    if (response.rcode() != DnsMessage.RCODE_OK && response.rcode() != DnsMessage.RCODE_NXDOMAIN) {
                        throw new DiscoveryException("DNS server " + describe(server) + " answered " + rcodeName(response.rcode())
                                + " for " + name);
                    }
                    return response;
                } catch (IOException e) {
                    lastError = e;
                }
            }
        }
        throw new DiscoveryException("no DNS server answered for " + name + " (" + servers.stream().map(DnsResolver::describe)
                .toList() + "): " + (lastError instanceof SocketTimeoutException ? "timed out after " + timeout.toMillis() + " ms"
                : String.valueOf(lastError)), lastError);
    }

    private DnsMessage.Response askUdp(InetSocketAddress server, String name, int type) throws IOException {
        int id = random.nextInt(0x10000);
        byte[] query = DnsMessage.query(id, name, type);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.connect(server);
            socket.send(new DatagramPacket(query, query.length));
            byte[] buffer = new byte[MAX_UDP_RESPONSE];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                DnsMessage.Response response = parse(server, buffer, packet.getLength());
                if (response.id() == id) {
                    return response;
                }
                // A late answer to an earlier question: wait on for ours.
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException("no matching answer");
                }
            }
        }
    }

    private DnsMessage.Response askTcp(InetSocketAddress server, String name, int type) throws IOException {
        int id = random.nextInt(0x10000);
        byte[] query = DnsMessage.query(id, name, type);
        try (Socket socket = new Socket()) {
            int millis = (int) Math.max(1, timeout.toMillis());
            socket.connect(server, millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) (query.length >> 8), (byte) query.length});
            out.write(query);
            out.flush();
            InputStream in = socket.getInputStream();
            DataInputStream data = new DataInputStream(in);
            int length = data.readUnsignedShort();
            if (length > MAX_TCP_RESPONSE) {
                throw new IOException("DNS answer over TCP too long: " + length);
            }
            byte[] buffer = new byte[length];
            data.readFully(buffer);
            return parse(server, buffer, length);
        }
    }

    private static DnsMessage.Response parse(InetSocketAddress server, byte[] buffer, int length) throws IOException {
        try {
            return DnsMessage.parse(buffer, length);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed DNS answer from " + describe(server) + ": " + e.getMessage(), e);
        }
    }

    static String describe(InetSocketAddress server) {
        String host = server.getAddress() != null ? server.getAddress().getHostAddress() : server.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    private static String rcodeName(int rcode) {
        return switch (rcode) {
            case 1 -> "FORMERR (format error)";
            case 2 -> "SERVFAIL (server failure)";
            case 4 -> "NOTIMP (not implemented)";
            case 5 -> "REFUSED";
            default -> "error code " + rcode;
        };
    }
}
