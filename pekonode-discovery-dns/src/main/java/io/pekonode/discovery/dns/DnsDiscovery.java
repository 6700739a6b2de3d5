package io.pekonode.discovery.dns;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.discovery.DiscoveredSeeds;
import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.DiscoveryException;
import io.pekonode.api.spi.discovery.DiscoveryTarget;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Seeds from DNS: every A and AAAA record of a name ({@code dns:}), or every target of its SRV
 * records with their ports ({@code dns+srv:}). The answer is valid for the smallest TTL among the
 * records used, so the engine asks again when the records may have changed.
 */
final class DnsDiscovery implements Discovery {

    private static final Logger LOG = LogManager.getLogger(DnsDiscovery.class);
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** How soon an empty answer is asked again: nobody may be there yet. */
    private static final Duration EMPTY_ANSWER_VALIDITY = Duration.ofSeconds(5);
    /** SRV targets looked up one by one at most per round, when the answer did not carry their addresses. */
    static final int MAX_TARGET_LOOKUPS = 32;

    private final String source;
    private final String name;
    private final int port;
    private final boolean srv;
    private final InetSocketAddress server; // null: the system's resolver configuration
    private final Duration timeout;
    private Set<String> reportedTargets = Set.of();

    private DnsDiscovery(String source, String name, int port, boolean srv, InetSocketAddress server, Duration timeout) {
        this.source = source;
        this.name = name;
        this.port = port;
        this.srv = srv;
        this.server = server;
        this.timeout = timeout;
    }

    /**
     * {@code dns:NAME[:PORT][?server=HOST:PORT&timeout=MILLIS]} or {@code dns+srv:NAME[?server=...]}.
     *
     * @throws IllegalArgumentException for a malformed name, port, server or timeout
     */
    static DnsDiscovery create(DiscoveryTarget target, boolean srv) {
        target.allowOnly(Set.of("server", "timeout"));
        String form = srv ? "dns+srv:_SERVICE._PROTO.NAME[?server=HOST:PORT]" : "dns:NAME[:PORT][?server=HOST:PORT]";
        String body = target.body();
        if (body.startsWith("//")) {
            body = body.substring(2); // dns://name tolerated
        }
        int port = target.defaultPort();
        int colon = body.lastIndexOf(':');
        if (colon >= 0) {
            if (srv) {
                throw bad(target, "an SRV name carries no port (the records give them)", form);
            }
            try {
                port = Integer.parseInt(body.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw bad(target, "port '" + body.substring(colon + 1) + "' is not a number", form);
            }
            if (port < 1 || port > 65535) {
                throw bad(target, "port " + port + " is out of range 1..65535", form);
            }
            body = body.substring(0, colon);
        }
        String name = body.toLowerCase(Locale.ROOT);
        checkName(target, name, form);
        if (!srv && port == 0) {
            throw bad(target, "the node binds port 0, so the records' port is unknown; give it: dns:" + name + ":PORT", form);
        }
        InetSocketAddress server = target.parameter("server").map(s -> parseServer(target, s, form)).orElse(null);
        Duration timeout = target.parameter("timeout").map(t -> parseTimeout(target, t, form)).orElse(DEFAULT_TIMEOUT);
        return new DnsDiscovery(target.toString(), name, port, srv, server, timeout);
    }

    @Override
    public DiscoveredSeeds seeds() throws DiscoveryException {
        DnsResolver resolver = server != null ? DnsResolver.of(server, timeout) : DnsResolver.system(timeout);
        return srv ? srvSeeds(resolver) : addressSeeds(resolver);
    }

    private DiscoveredSeeds addressSeeds(DnsResolver resolver) throws DiscoveryException {
        DnsResolver.Answer a = resolver.lookup(name, DnsMessage.TYPE_A);
        DnsResolver.Answer aaaa = resolver.lookup(name, DnsMessage.TYPE_AAAA);
        if (a.response().rcode() == DnsMessage.RCODE_NXDOMAIN && aaaa.response().rcode() == DnsMessage.RCODE_NXDOMAIN) {
            throw new DiscoveryException("DNS name " + name + " does not exist (NXDOMAIN)" + where());
        }
        List<NodeAddress> found = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (DnsResolver.Answer answer : List.of(a, aaaa)) {
            for (DnsMessage.Record r : answer.response().answers()) {
                if (r.address() != null) {
                    found.add(new NodeAddress(r.address().getHostAddress(), port));
                    ttl = Math.min(ttl, r.ttlSeconds());
                }
            }
        }
        return answer(found, ttl);
    }

    private DiscoveredSeeds srvSeeds(DnsResolver resolver) throws DiscoveryException {
        DnsResolver.Answer answer = resolver.lookup(name, DnsMessage.TYPE_SRV);
        if (answer.response().rcode() == DnsMessage.RCODE_NXDOMAIN) {
            throw new DiscoveryException("DNS name " + name + " does not exist (NXDOMAIN)" + where());
        }
        List<DnsMessage.Record> records = answer.response().answers().stream()
                .filter(r -> r.type() == DnsMessage.TYPE_SRV)
                .sorted(Comparator.comparingInt(DnsMessage.Record::priority)).toList();
        long ttl = Long.MAX_VALUE;
        List<NodeAddress> found = new ArrayList<>();
        Set<String> unresolved = new LinkedHashSet<>();
        int lookups = 0;
        for (DnsMessage.Record r : records) {
            ttl = Math.min(ttl, r.ttlSeconds());
            if (r.target().isEmpty()) {
                continue; // "." : the service is decidedly not available there
            }
            List<InetAddress> addresses = new ArrayList<>();
            long targetTtl = Long.MAX_VALUE;
            for (DnsMessage.Record extra : answer.response().additional()) {
                if (extra.address() != null && extra.name().equals(r.target())) {
                    addresses.add(extra.address());
                    targetTtl = Math.min(targetTtl, extra.ttlSeconds());
                }
            }
            if (addresses.isEmpty() && lookups < MAX_TARGET_LOOKUPS) {
                lookups++;
                for (int type : new int[] {DnsMessage.TYPE_A, DnsMessage.TYPE_AAAA}) {
                    for (DnsMessage.Record t : resolver.lookup(r.target() + ".", type).response().answers()) {
                        if (t.address() != null) {
                            addresses.add(t.address());
                            targetTtl = Math.min(targetTtl, t.ttlSeconds());
                        }
                    }
                }
            }
            if (addresses.isEmpty()) {
                unresolved.add(r.target());
                continue;
            }
            ttl = Math.min(ttl, targetTtl);
            for (InetAddress address : addresses) {
                found.add(new NodeAddress(address.getHostAddress(), r.port()));
            }
        }
        reportUnresolved(unresolved);
        if (found.isEmpty() && !unresolved.isEmpty()) {
            throw new DiscoveryException("no target of the SRV records of " + name + " resolves: " + unresolved + where());
        }
        return answer(found, ttl);
    }

    /** Logged once per set of targets, not every round. */
    private void reportUnresolved(Set<String> unresolved) {
        if (!unresolved.isEmpty() && !unresolved.equals(reportedTargets)) {
            LOG.warn("Discovery {}: SRV target(s) {} have no address; skipped", source, unresolved);
        }
        reportedTargets = new HashSet<>(unresolved);
    }

    private static DiscoveredSeeds answer(List<NodeAddress> found, long ttlSeconds) {
        if (found.isEmpty()) {
            return DiscoveredSeeds.of(found, EMPTY_ANSWER_VALIDITY);
        }
        return DiscoveredSeeds.of(found, Duration.ofSeconds(Math.min(ttlSeconds, Integer.MAX_VALUE)));
    }

    private String where() {
        return server != null ? " at " + DnsResolver.describe(server) : " (system resolver)";
    }

    @Override
    public void close() {
        // Sockets live for one question each: nothing is held.
    }

    private static void checkName(DiscoveryTarget target, String name, String form) {
        String bare = DnsMessage.trimDot(name);
        if (bare.isEmpty() || bare.length() > 253) {
            throw bad(target, "'" + name + "' is not a DNS name (1 to 253 characters)", form);
        }
        for (String label : bare.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw bad(target, "'" + name + "' is not a DNS name (label '" + label
                        + "': 1 to 63 letters, digits, '-' or '_', not starting or ending with '-')", form);
            }
        }
    }

    private static InetSocketAddress parseServer(DiscoveryTarget target, String text, String form) {
        NodeAddress address;
        try {
            address = text.matches("[^:]+|\\[.*\\]") ? new NodeAddress(text, 53) : NodeAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(target, "server: " + e.getMessage(), form);
        }
        if (address.port() == 0) {
            throw bad(target, "server port must not be 0", form);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(address.host()), address.port());
        } catch (UnknownHostException e) {
            throw bad(target, "server host '" + address.host() + "' does not resolve", form);
        }
    }

    private static Duration parseTimeout(DiscoveryTarget target, String text, String form) {
        try {
            long millis = Long.parseLong(text.endsWith("ms") ? text.substring(0, text.length() - 2) : text);
            if (millis < 1 || millis > 60_000) {
                throw bad(target, "timeout must be 1 to 60000 ms, not " + millis, form);
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw bad(target, "timeout '" + text + "' is not a number of milliseconds", form);
        }
    }

    private static IllegalArgumentException bad(DiscoveryTarget target, String problem, String form) {
        return new IllegalArgumentException("discovery source '" + target.text() + "': " + problem + "; expected " + form);
    }
}
