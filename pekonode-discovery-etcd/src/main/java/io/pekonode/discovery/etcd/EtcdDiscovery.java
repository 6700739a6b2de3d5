package io.pekonode.discovery.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.discovery.DiscoveredSeeds;
import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.DiscoveryException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Registration and discovery in etcd. This node's key is {@code PREFIX + nodeId}, its value the
 * advertised address ({@code host:port}), attached to a lease of {@code ttl} seconds that
 * {@link #renew()} keeps alive every third of it. Seeds are the values of every key under the prefix.
 * A watch on the prefix tells the engine at once when a node registers or its key goes (left, or
 * its lease expired after a crash).
 */
final class EtcdDiscovery implements Discovery {

    private static final Logger LOG = LogManager.getLogger(EtcdDiscovery.class);
    /** Keys read per lookup at most; the engine keeps fewer still. */
    private static final int MAX_KEYS = 4096;
    private static final Duration WATCH_RETRY_MAX = Duration.ofSeconds(30);

    private final String source;
    private final EtcdSettings settings;
    private final EtcdGateway gateway;
    private volatile String leaseId;
    private volatile String key;
    private volatile Thread watcher;
    private volatile Stream<String> openWatch;
    private volatile boolean closed;
    /**
     * The newest store revision this node has seen under the prefix (0: none yet). A watch opens
     * from the revision after it, so a change made while the watch was still opening, or while it
     * was broken, is replayed instead of lost.
     */
    private volatile long seenRevision;

    EtcdDiscovery(String source, EtcdSettings settings) {
        this.source = source;
        this.settings = settings;
        this.gateway = new EtcdGateway(settings);
    }

    @Override
    public DiscoveredSeeds seeds() throws DiscoveryException {
        ObjectNode range = EtcdGateway.JSON.createObjectNode()
                .put("key", EtcdGateway.b64(settings.prefix()))
                .put("range_end", EtcdGateway.prefixEnd(settings.prefix()))
                .put("limit", MAX_KEYS);
        JsonNode answer = gateway.call("/v3/kv/range", range);
        sawRevision(answer.path("header").path("revision").asLong(0));
        List<NodeAddress> found = new ArrayList<>();
        for (JsonNode kv : answer.path("kvs")) {
            String value = EtcdGateway.unb64(kv.path("value").asText(""));
            try {
                found.add(NodeAddress.parse(value));
            } catch (IllegalArgumentException e) {
                LOG.debug("Discovery {}: key {} holds no address ('{}'); ignored", source,
                        EtcdGateway.unb64(kv.path("key").asText("")), value);
            }
        }
        return DiscoveredSeeds.of(found);
    }

    @Override
    public void register(NodeRegistration self) throws DiscoveryException {
        String previous = leaseId;
        JsonNode grant = gateway.call("/v3/lease/grant",
                EtcdGateway.JSON.createObjectNode().put("TTL", settings.ttl().toSeconds()));
        String id = grant.path("ID").asText("");
        if (id.isEmpty()) {
            throw new DiscoveryException("etcd granted no lease: " + grant);
        }
        String ownKey = settings.prefix() + self.nodeId();
        gateway.call("/v3/kv/put", EtcdGateway.JSON.createObjectNode()
                .put("key", EtcdGateway.b64(ownKey))
                .put("value", EtcdGateway.b64(self.address().toString()))
                .put("lease", id));
        leaseId = id;
        key = ownKey;
        if (previous != null && !previous.equals(id)) {
            revokeQuietly(previous);
        }
    }

    @Override
    public Duration renewInterval() {
        return settings.ttl().dividedBy(3);
    }

    @Override
    public void renew() throws DiscoveryException {
        String id = leaseId;
        if (id == null) {
            return;
        }
        JsonNode answer = gateway.call("/v3/lease/keepalive", EtcdGateway.JSON.createObjectNode().put("ID", id));
        // A lease etcd no longer knows answers without TTL (or 0): it expired; the key went with it.
        JsonNode result = answer.has("result") ? answer.get("result") : answer;
        if (result.path("TTL").asLong(0) <= 0) {
            leaseId = null;
            throw new DiscoveryException("lease " + id + " expired (etcd unreachable for longer than its TTL of "
                    + settings.ttl().toSeconds() + " s?); registering again");
        }
    }

    @Override
    public void deregister() throws DiscoveryException {
        String ownKey = key;
        String id = leaseId;
        if (ownKey != null) {
            gateway.call("/v3/kv/deleterange", EtcdGateway.JSON.createObjectNode().put("key", EtcdGateway.b64(ownKey)));
            key = null;
        }
        if (id != null) {
            leaseId = null;
            revokeQuietly(id);
        }
    }

    @Override
    public void watch(Runnable changed) {
        if (seenRevision == 0) {
            noteCurrentRevision();
        }
        Thread thread = new Thread(() -> watchLoop(changed), "pekonode-etcd-watch");
        thread.setDaemon(true);
        watcher = thread;
        thread.start();
    }

    /** Reads the store's revision now, so that the watch starts from this moment, not from when it opens. */
    private void noteCurrentRevision() {
        try {
            JsonNode answer = gateway.call("/v3/kv/range", EtcdGateway.JSON.createObjectNode()
                    .put("key", EtcdGateway.b64(settings.prefix()))
                    .put("range_end", EtcdGateway.prefixEnd(settings.prefix()))
                    .put("count_only", true));
            sawRevision(answer.path("header").path("revision").asLong(0));
        } catch (DiscoveryException e) {
            LOG.debug("Discovery {}: no revision to watch from ({}); the watch starts when it opens", source, e.getMessage());
        }
    }

    private void sawRevision(long revision) {
        if (revision > seenRevision) {
            seenRevision = revision;
        }
    }

    /**
     * Keeps a watch open on the prefix from the revision after the newest one seen; each event says
     * something changed. Reconnects with backoff.
     */
    private void watchLoop(Runnable changed) {
        long backoff = 500;
        String lastProblem = null;
        while (!closed) {
            try (Stream<String> lines = gateway.stream("/v3/watch", createRequest())) {
                openWatch = lines;
                if (closed) {
                    return;
                }
                lastProblem = null;
                backoff = 500;
                for (String line : (Iterable<String>) lines::iterator) {
                    if (closed) {
                        return;
                    }
                    if (!handle(line, changed)) {
                        break;
                    }
                }
            } catch (DiscoveryException | RuntimeException e) {
                String problem = e.getMessage();
                if (!closed && !String.valueOf(problem).equals(lastProblem)) {
                    LOG.debug("Discovery {}: watch interrupted ({}); reopening with backoff", source, problem);
                }
                lastProblem = problem;
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(WATCH_RETRY_MAX.toMillis(), backoff * 2);
        }
    }

    private ObjectNode createRequest() {
        ObjectNode create = EtcdGateway.JSON.createObjectNode();
        ObjectNode request = create.putObject("create_request")
                .put("key", EtcdGateway.b64(settings.prefix()))
                .put("range_end", EtcdGateway.prefixEnd(settings.prefix()));
        long seen = seenRevision;
        if (seen > 0) {
            request.put("start_revision", seen + 1);
        }
        return create;
    }

    /** Handles one line of the watch stream; false when etcd cancelled the watch and it must reopen. */
    private boolean handle(String line, Runnable changed) {
        JsonNode result;
        try {
            JsonNode parsed = EtcdGateway.JSON.readTree(line);
            result = parsed.has("result") ? parsed.get("result") : parsed;
        } catch (IOException e) {
            LOG.debug("Discovery {}: unreadable watch line ignored: {}", source, line);
            return true;
        }
        if (result.path("compact_revision").asLong(0) > 0 || result.path("canceled").asBoolean(false)) {
            // The revisions to replay were compacted away: start afresh and have the engine read the seeds again.
            seenRevision = 0;
            changed.run();
            return false;
        }
        JsonNode events = result.path("events");
        if (events.isArray() && !events.isEmpty()) {
            for (JsonNode event : events) {
                sawRevision(event.path("kv").path("mod_revision").asLong(0));
            }
            changed.run();
        }
        return true;
    }

    private void revokeQuietly(String id) {
        try {
            gateway.call("/v3/lease/revoke", EtcdGateway.JSON.createObjectNode().put("ID", id));
        } catch (DiscoveryException e) {
            LOG.debug("Discovery {}: revoking lease {} failed ({}); it expires by itself", source, id, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread thread = watcher;
        if (thread != null) {
            thread.interrupt();
        }
        Stream<String> lines = openWatch;
        if (lines != null) {
            lines.close(); // ends the streamed response, which an interrupt does not
        }
    }
}
