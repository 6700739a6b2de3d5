package io.pekonode.engine.runtime;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.NodeTimeoutException;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.discovery.Discovery.NodeRegistration;
import io.pekonode.engine.DiscoveryStatus;
import io.pekonode.engine.core.LocalNode;
import io.pekonode.engine.discovery.DiscoveryDriver;
import io.pekonode.engine.core.ProtocolCore;
import io.pekonode.engine.runtime.messaging.Messaging;
import io.pekonode.engine.persistence.PersistedState;
import io.pekonode.engine.persistence.StateSaver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A started node: its transport, codec, event loop and view, wired together. Created by
 * {@link #start}, released by {@link #close}. Everything a user call needs goes through
 * {@link #submit} (to the loop) or {@link #view()} (the published snapshot).
 */
public final class NodeRuntime {

    private static final Logger LOG = LogManager.getLogger(NodeRuntime.class);
    /** Waited beyond the leave timeout at close: the leave itself completes at its timeout. */
    private static final Duration LEAVE_GRACE = Duration.ofMillis(500);
    /** How long close waits for the loop to copy the final state; else the last periodic save stays. */
    private static final Duration FINAL_SNAPSHOT_WAIT = Duration.ofSeconds(5);

    private final NodeSetup setup;
    private final Transport transport;
    private final InboundHandler inbound;
    private final EventLoop loop;
    private final ClusterViewHolder view;
    private final Mailbox mailbox;
    private final NodeAddress advertise;
    private final List<NodeAddress> persistedPeers;
    private final Messaging messaging;
    private final StateSaver saver; // null when the store keeps nothing
    private final DiscoveryDriver discovery;
    private volatile boolean closed;

    private NodeRuntime(NodeSetup setup, Transport transport, InboundHandler inbound, EventLoop loop,
                        ClusterViewHolder view, Mailbox mailbox, NodeAddress advertise, List<NodeAddress> persistedPeers,
                        Messaging messaging) {
        this.setup = setup;
        this.transport = transport;
        this.inbound = inbound;
        this.loop = loop;
        this.view = view;
        this.mailbox = mailbox;
        this.advertise = advertise;
        this.persistedPeers = persistedPeers;
        this.messaging = messaging;
        this.discovery = new DiscoveryDriver(setup.nodeName(), setup.discovery(), setup.metrics());
        this.saver = setup.stateStore().keepsState()
                ? new StateSaver(setup.nodeName(), setup.stateStore(), this::snapshotState, () -> {
                    ViewSnapshot v = view.current(); // idle intervals skip the snapshot copy
                    return StateSaver.token(v.local(), v.members(), v.metadata().values());
                }) : null;
    }

    /**
     * Binds the transport, builds the core and starts the loop.
     *
     * @throws UncheckedIOException when the transport cannot bind, naming the address and transport
     */
    public static NodeRuntime start(NodeSetup setup) {
        ClusterConfig config = setup.config();
        Codec codec = setup.codecProvider().create(PluginSettings.decodeLimits(config));
        Transport transport = setup.transportProvider().create(PluginSettings.transportConfig(config));
        Mailbox mailbox = new Mailbox(config.limits().inboundQueueCapacity());
        InboundHandler inbound = new InboundHandler(setup, codec, mailbox);
        try {
            transport.start(inbound);
        } catch (IOException e) {
            transport.close();
            throw new UncheckedIOException("Cannot start the " + config.transport() + " transport on " + config.bind()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            transport.close(); // the SPI promises close() after any failed start
            throw e;
        }
        try {
            NodeAddress advertise = AdvertiseAddress.choose(config.advertise(), transport.localAddress());
            Optional<PersistedState> persisted = setup.stateStore().load()
                    .filter(s -> s.nodeId().equals(setup.nodeId()));
            // Above the last incarnation this id used, so the restarted node outranks its own past.
            long incarnation = persisted.map(s -> s.incarnation() + 1).orElse(0L);
            LocalNode self = new LocalNode(setup.nodeId(), setup.nodeName(), advertise, config.tags(), incarnation);
            int packetBudget = transport.maxPacketSize() - setup.frames().overhead();
            ProtocolCore core = new ProtocolCore(config, self, packetBudget, new SplittableRandom());
            MonotonicClock clock = new MonotonicClock();
            persisted.ifPresent(s -> {
                core.restoreMetadata(clock.millis(), s.metadata());
                core.restoreMembers(clock.millis(), s.members());
            });
            ClusterViewHolder view = new ClusterViewHolder();
            OutboundSender sender = new OutboundSender(transport, codec, setup.frames(), setup.metrics(),
                    config.network().maxFrameSize());
            Messaging messaging = new Messaging(setup.nodeName(), new Origin(setup.nodeId(), advertise),
                    id -> Optional.ofNullable(view.current().byId().get(id)), setup.handlers(), config.messaging(),
                    sender::send, setup.metrics(), clock, mailbox::wake, config.limits().maxMessageBytes());
            EventLoop loop = new EventLoop(setup.nodeName(), core, clock, mailbox, sender, view,
                    setup.dispatcher(), setup.metrics(), messaging);
            inbound.onConnectionRefused(to -> loop.submit((c, now) -> {
                c.connectionRefused(now, to);
                return null;
            }));
            NodeRuntime runtime = new NodeRuntime(setup, transport, inbound, loop, view, mailbox, advertise,
                    persisted.map(s -> s.peerAddresses(advertise)).orElse(List.of()), messaging);
            // Readable as soon as start() returns (localMember(), members(), restored metadata).
            view.publish(core, true);
            loop.start();
            if (runtime.saver != null) {
                runtime.saver.start();
            }
            runtime.startDiscovery();
            LOG.info("Node {} ({}) started on {} with the {} transport, advertising {}", setup.nodeName(),
                    setup.nodeId(), transport.localAddress(), config.transport(), advertise);
            return runtime;
        } catch (RuntimeException e) {
            inbound.close();
            transport.close();
            throw e;
        }
    }

    /** Discovery runs on its own thread; its answers reach the core as loop commands. */
    private void startDiscovery() {
        discovery.start(new NodeRegistration(setup.nodeId(), setup.nodeName(), advertise), new DiscoveryDriver.Sink() {
            @Override
            public void deliver(List<NodeAddress> found, int maxContacts) {
                loop.submit((core, now) -> core.discovered(now, found, maxContacts));
            }

            @Override
            public Set<NodeAddress> liveAddresses() {
                Set<NodeAddress> live = new HashSet<>();
                view.current().liveMembers().forEach(m -> live.add(m.address()));
                return live;
            }
        });
    }

    /** Completes after the discovery sources answered (or failed) once; at once without sources. */
    public CompletableFuture<List<NodeAddress>> firstDiscoveryAnswer() {
        return discovery.firstAnswer();
    }

    /** What each discovery source found last. */
    public List<DiscoveryStatus> discoveryStatus() {
        return discovery.status();
    }

    public <T> CompletableFuture<T> submit(LoopCommand<T> command) {
        return loop.submit(command);
    }

    /**
     * Runs a command on the loop and waits for it, rethrowing its own exception (such as
     * {@link io.pekonode.api.PayloadTooLargeException}) unchanged.
     */
    public <T> T call(LoopCommand<T> command, Duration timeout) {
        if (loop.isLoopThread()) {
            throw new IllegalStateException("blocking call from the event loop");
        }
        CompletableFuture<T> future = loop.submit(command);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new NodeTimeoutException("node " + setup.nodeName() + " did not answer within " + timeout
                    + " (event loop overloaded or stuck)", e);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node " + setup.nodeName(), e);
        }
    }

    /** Completes once {@code condition} holds on the loop after a batch; fails when the node closes. */
    public CompletableFuture<Void> when(Predicate<ProtocolCore> condition) {
        return loop.when(condition);
    }

    /** Direct messages, requests and query collection of this node. */
    public Messaging messaging() {
        return messaging;
    }

    public ViewSnapshot view() {
        return view.current();
    }

    public NodeAddress advertise() {
        return advertise;
    }

    public int pendingInbound() {
        return mailbox.pendingMessages();
    }

    public boolean loopAlive() {
        return loop.isAlive();
    }

    /**
     * Leaves (unless already left or paused) waiting at most {@code leaveTimeout}, then stops the
     * loop, closes the transport and saves state. Idempotent.
     */
    public void close(Duration leaveTimeout) {
        if (closed) {
            return;
        }
        closed = true;
        Member local = view.current().local();
        boolean alreadyGone = local != null && (local.state() == MemberState.LEFT || local.state() == MemberState.DEAD);
        // Alone, nobody would hear the leave: announce it for form's sake but do not wait for it.
        boolean alone = view.current().liveMembers().size() <= 1;
        if (!alreadyGone && loop.isAlive()) {
            try {
                leave(alone ? Duration.ZERO : leaveTimeout).get(leaveTimeout.plus(LEAVE_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Leave before close of {} did not finish: {}", setup.nodeName(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        discovery.close();
        saveFinalState();
        loop.stop();
        messaging.close();
        inbound.close();
        transport.close();
        LOG.info("Node {} closed", setup.nodeName());
    }

    /** Announces leaving; completes when the leave rumor is spread (queue empty) or at the timeout. */
    public CompletableFuture<Void> leave(Duration timeout) {
        // Out of the discovery backends at once, so no newcomer is sent to a node on its way out.
        CompletableFuture<Void> deregistered = discovery.deregister();
        return loop.submit((core, now) -> {
                    core.leave(now);
                    return null;
                })
                // Alone, nobody can take the rumor off the queue: done at once.
                .thenCompose(v -> loop.when(core -> core.pendingBroadcasts() == 0 || core.clusterSize() <= 1))
                .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCombine(deregistered, (a, b) -> null);
    }

    /**
     * Addresses of the members known from the persisted state (not this node): join targets when
     * the configured seeds are gone or there are none.
     */
    public List<NodeAddress> persistedPeers() {
        return persistedPeers;
    }

    /** The state to persist, copied on the loop (the only thread that may read the core). */
    private CompletableFuture<PersistedState> snapshotState() {
        return loop.submit((core, now) -> new PersistedState(setup.nodeId(), core.localMember().incarnation(),
                core.members().stream().sorted(Comparator.comparing(Member::id)).toList(),
                core.metadataEntries().stream().sorted(Comparator.comparing(MetadataEntry::key)).toList()));
    }

    /** After leaving and before the loop stops: the last snapshot, written by the saver thread. */
    private void saveFinalState() {
        if (saver == null) {
            return;
        }
        PersistedState last = null;
        if (loop.isAlive()) {
            try {
                last = snapshotState().get(FINAL_SNAPSHOT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("No final state snapshot of {}; the last periodic save stays: {}", setup.nodeName(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        saver.close(last);
    }

    Optional<Member> localMember() {
        return Optional.ofNullable(view.current().local());
    }
}
