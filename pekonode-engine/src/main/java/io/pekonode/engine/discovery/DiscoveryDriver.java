package io.pekonode.engine.discovery;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.discovery.DiscoveredSeeds;
import io.pekonode.api.spi.discovery.Discovery.NodeRegistration;
import io.pekonode.engine.DiscoveryStatus;
import io.pekonode.engine.metrics.EngineMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Asks the discovery sources for seeds on its own thread ({@code pekonode-discovery-<name>}) and
 * hands each round's answer to the protocol core through a {@link Sink}; the core never waits on a
 * backend.
 *
 * <p>When: at start (the node's join waits for that first round), then again at the refresh
 * interval ({@value #REFRESH_SECONDS} s, or sooner when an answer's TTL runs out, at least
 * {@value #MIN_REFRESH_MILLIS} ms apart), sooner while the cluster is smaller than what was found
 * (doubling from 1 s up to the refresh interval while the same addresses stay unreached), and at once
 * when a source's watch says something changed.
 *
 * <p>A failing source never stops the node: each failure is counted
 * ({@code pekonode.discovery.errors}), logged once per distinct message (and once when the source
 * works again), and the next round comes after a backoff doubling from 1 s to 30 s. The addresses a
 * source found last stay in use meanwhile. An answer is cut to {@value #MAX_ADDRESSES_PER_SOURCE}
 * addresses, and the core contacts at most {@value #MAX_CONTACTS_PER_ROUND} unknown ones per round.
 */
public final class DiscoveryDriver implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(DiscoveryDriver.class);
    static final int REFRESH_SECONDS = 30;
    static final long MIN_REFRESH_MILLIS = 1_000;
    private static final long RETRY_INITIAL_MILLIS = 1_000;
    private static final long RETRY_MAX_MILLIS = 30_000;
    /** Unreached addresses contacted per round at most: one live member is enough to join. */
    public static final int MAX_CONTACTS_PER_ROUND = 8;
    /** Addresses kept from one answer at most: bounds memory and the core's work for absurd answers. */
    static final int MAX_ADDRESSES_PER_SOURCE = 1024;
    private static final Duration DEREGISTER_WAIT = Duration.ofSeconds(5);

    /** Where the answers go: the runtime, which passes them to the core on its loop. */
    public interface Sink {
        /** Hands the union of all sources' addresses to the core; returns at once. */
        void deliver(List<NodeAddress> found, int maxContacts);

        /** Addresses of the live members, this node included, as last published. */
        Set<NodeAddress> liveAddresses();
    }

    /** One source's state; touched only on the driver's thread, read by {@link #status()}. */
    private static final class SourceState {
        final DiscoverySource source;
        volatile List<NodeAddress> last = List.of();
        volatile Instant lastAnswer;
        volatile String lastError;
        volatile boolean registered;
        int failures;
        Optional<Duration> validFor = Optional.empty();
        ScheduledFuture<?> renewal;

        SourceState(DiscoverySource source) {
            this.source = source;
        }
    }

    private final String nodeName;
    private final List<SourceState> sources;
    private final EngineMetrics metrics;
    private final ScheduledExecutorService executor;
    private final CompletableFuture<List<NodeAddress>> firstAnswer = new CompletableFuture<>();
    private NodeRegistration self;
    private Sink sink;
    private ScheduledFuture<?> nextRound;
    private Set<NodeAddress> lastUnreached = Set.of();
    private int catchUpRounds;
    private volatile boolean leaving;
    private volatile boolean closed;

    public DiscoveryDriver(String nodeName, List<DiscoverySource> sources, EngineMetrics metrics) {
        this.nodeName = nodeName;
        this.sources = sources.stream().map(SourceState::new).toList();
        this.metrics = metrics;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pekonode-discovery-" + nodeName);
            t.setDaemon(true);
            return t;
        });
        if (this.sources.isEmpty()) {
            firstAnswer.complete(List.of());
        }
    }

    /** Registers this node where the sources support it and runs the first round, in the background. */
    public void start(NodeRegistration registration, Sink target) {
        if (sources.isEmpty()) {
            return;
        }
        run(() -> {
            this.self = registration;
            this.sink = target;
            for (SourceState s : sources) {
                s.source.discovery().watch(this::roundNow);
            }
            round();
        });
    }

    /** Completes after the first round asked every source (answered or failed): what they found. */
    public CompletableFuture<List<NodeAddress>> firstAnswer() {
        return firstAnswer;
    }

    /** What each source found last, and when. */
    public List<DiscoveryStatus> status() {
        List<DiscoveryStatus> all = new ArrayList<>();
        for (SourceState s : sources) {
            all.add(new DiscoveryStatus(s.source.label(), s.last, Optional.ofNullable(s.lastAnswer),
                    Optional.ofNullable(s.lastError), s.registered));
        }
        return List.copyOf(all);
    }

    /** Asks the sources again as soon as possible (a watch fired, or the node found itself alone). */
    public void roundNow() {
        run(() -> {
            if (nextRound != null) {
                nextRound.cancel(false);
            }
            round();
        });
    }

    /**
     * Removes this node's registrations (it is leaving on purpose), waiting at most a few seconds;
     * no later round registers again.
     */
    public CompletableFuture<Void> deregister() {
        leaving = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (sources.isEmpty()) {
            done.complete(null);
            return done;
        }
        run(() -> {
            for (SourceState s : sources) {
                if (s.renewal != null) {
                    s.renewal.cancel(false);
                }
                if (s.registered) {
                    try {
                        s.source.discovery().deregister();
                        s.registered = false;
                        LOG.info("Discovery {}: {} deregistered", s.source.label(), nodeName);
                    } catch (Exception e) {
                        failed(s, "deregistration", e);
                    }
                }
            }
            done.complete(null);
        });
        return done.completeOnTimeout(null, DEREGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the thread and closes the sources. A registration not removed by {@link #deregister} expires. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(DEREGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SourceState s : sources) {
            try {
                s.source.discovery().close();
            } catch (RuntimeException e) {
                LOG.debug("Discovery {} failed to close: {}", s.source.label(), e.toString());
            }
        }
        firstAnswer.complete(List.of());
    }

    private void round() {
        if (closed) {
            return;
        }
        Set<NodeAddress> all = new LinkedHashSet<>();
        for (SourceState s : sources) {
            if (!leaving && !s.registered) {
                register(s);
            }
            lookup(s);
            all.addAll(s.last);
        }
        // Answers carry IP addresses while this node may advertise a name (a pod's DNS name): compare both forms.
        all.removeAll(withResolvedForms(Set.of(self.address())));
        List<NodeAddress> found = List.copyOf(all);
        metrics.discoveryLookup(found.size());
        try {
            sink.deliver(found, MAX_CONTACTS_PER_ROUND);
        } catch (RuntimeException e) {
            LOG.debug("Discovery answer not delivered to {} (closing?): {}", nodeName, e.toString());
        }
        firstAnswer.complete(found);
        schedule(nextDelayMillis(found));
    }

    private void register(SourceState s) {
        try {
            s.source.discovery().register(self);
            s.registered = true;
            Duration every = s.source.discovery().renewInterval();
            if (every != null) {
                long millis = Math.max(100, every.toMillis());
                s.renewal = executor.scheduleWithFixedDelay(() -> renew(s), millis, millis, TimeUnit.MILLISECONDS);
            }
            recovered(s);
        } catch (Exception e) {
            failed(s, "registration", e);
        }
    }

    private void renew(SourceState s) {
        if (closed || leaving || !s.registered) {
            return;
        }
        try {
            s.source.discovery().renew();
        } catch (Exception e) {
            // Lost (a lease that expired while the backend was away): register again in the next round.
            failed(s, "renewal", e);
            s.registered = false;
            s.renewal.cancel(false);
            s.renewal = null;
            roundSoon(s);
        }
    }

    private void lookup(SourceState s) {
        try {
            DiscoveredSeeds answer = s.source.discovery().seeds();
            List<NodeAddress> addresses = answer.addresses();
            if (addresses.size() > MAX_ADDRESSES_PER_SOURCE) {
                if (s.last.size() != MAX_ADDRESSES_PER_SOURCE) {
                    LOG.warn("Discovery {} answered {} addresses; using the first {}", s.source.label(),
                            addresses.size(), MAX_ADDRESSES_PER_SOURCE);
                }
                addresses = addresses.subList(0, MAX_ADDRESSES_PER_SOURCE);
            }
            if (!addresses.equals(s.last) || s.lastAnswer == null) {
                LOG.info("Discovery {} found {} address(es){}", s.source.label(), addresses.size(),
                        addresses.size() <= 8 ? ": " + addresses : "");
            }
            s.last = List.copyOf(addresses);
            s.validFor = answer.validFor();
            s.lastAnswer = Instant.now();
            if (s.registered || leaving) {
                recovered(s);
            }
        } catch (Exception e) {
            failed(s, "lookup", e);
        }
    }

    private void failed(SourceState s, String action, Exception e) {
        metrics.discoveryError();
        s.failures++;
        String message = action + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        if (!message.equals(s.lastError)) {
            if (e instanceof RuntimeException) {
                LOG.warn("Discovery {}: {}; retrying with backoff", s.source.label(), message, e);
            } else {
                LOG.warn("Discovery {}: {}; retrying with backoff", s.source.label(), message);
            }
        }
        s.lastError = message;
    }

    private void recovered(SourceState s) {
        if (s.lastError != null) {
            LOG.info("Discovery {} works again", s.source.label());
        }
        s.lastError = null;
        s.failures = 0;
    }

    private long nextDelayMillis(List<NodeAddress> found) {
        int failures = sources.stream().mapToInt(s -> s.failures).max().orElse(0);
        if (failures > 0) {
            return jittered(Math.min(RETRY_MAX_MILLIS, RETRY_INITIAL_MILLIS << Math.min(20, failures - 1)));
        }
        long refresh = REFRESH_SECONDS * 1000L;
        for (SourceState s : sources) {
            if (s.validFor.isPresent()) {
                refresh = Math.min(refresh, Math.max(MIN_REFRESH_MILLIS, s.validFor.get().toMillis()));
            }
        }
        Set<NodeAddress> unreached = new LinkedHashSet<>(found);
        unreached.removeAll(withResolvedForms(sink.liveAddresses()));
        if (unreached.isEmpty()) {
            lastUnreached = Set.of();
            catchUpRounds = 0;
            return jittered(refresh);
        }
        // The cluster is smaller than what discovery found: ask again soon, less often while nothing changes.
        catchUpRounds = unreached.equals(lastUnreached) ? catchUpRounds + 1 : 0;
        lastUnreached = unreached;
        return jittered(Math.min(refresh, MIN_REFRESH_MILLIS << Math.min(20, catchUpRounds)));
    }

    /**
     * The addresses plus, for each given by host name, the same with the IPs the name resolves to
     * (the JVM's resolver, on this thread, with its cache), so a member advertised by name counts as
     * reached when an answer lists its IP.
     */
    private static Set<NodeAddress> withResolvedForms(Set<NodeAddress> addresses) {
        Set<NodeAddress> all = new HashSet<>(addresses);
        for (NodeAddress a : addresses) {
            if (isIpLiteral(a.host())) {
                continue;
            }
            try {
                for (InetAddress ip : InetAddress.getAllByName(a.host())) {
                    all.add(new NodeAddress(ip.getHostAddress(), a.port()));
                }
            } catch (UnknownHostException e) {
                // not resolvable here: compared by name only
            }
        }
        return all;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private void roundSoon(SourceState s) {
        schedule(jittered(Math.min(RETRY_MAX_MILLIS, RETRY_INITIAL_MILLIS << Math.min(20, Math.max(0, s.failures - 1)))));
    }

    private void schedule(long delayMillis) {
        if (closed) {
            return;
        }
        if (nextRound != null) {
            nextRound.cancel(false);
        }
        try {
            nextRound = executor.schedule(this::round, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Discovery of {} failed unexpectedly; retrying later", nodeName, e);
                    schedule(RETRY_MAX_MILLIS);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private static long jittered(long base) {
        long jitter = base / 5;
        return Math.max(1, base - jitter + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * jitter + 1)));
    }
}
