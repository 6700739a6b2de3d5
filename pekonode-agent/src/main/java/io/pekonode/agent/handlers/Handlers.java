package io.pekonode.agent.handlers;

import io.pekonode.agent.events.EventKind;
import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.IncomingMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Serf-style handler commands: runs {@code --event-handler} commands for membership events and
 * received user events, and answers queries with {@code --query-handler} commands.
 *
 * <p>Commands run on a fixed pool of {@code concurrency} threads with a bounded queue, so an event
 * storm queues a few commands and drops (and counts) the rest instead of forking without limit.
 * A failing or hanging command is logged and counted; it never stops the agent.
 *
 * <p>Environment of each command: {@code PEKONODE_EVENT} (events) or {@code PEKONODE_QUERY}
 * (queries) = the name, {@code PEKONODE_ORIGIN} = the sender's node id, {@code PEKONODE_LTIME} = the
 * event's Lamport time (events only: queries do not expose one), {@code PEKONODE_COALESCED} (events),
 * {@code PEKONODE_SELF_ID} and {@code PEKONODE_SELF_NAME} = this node. The payload is on stdin (for
 * membership events, {@code PEKONODE_EVENT} is e.g. {@code member-join} and stdin holds the member's
 * line, see {@link #memberLine}). A
 * query's response is the command's stdout (up to the runner's limit); a query command that fails
 * sends no response (the querier still gets this node's ack).
 */
public final class Handlers implements AutoCloseable {

    public static final String LOGGER = "io.pekonode.agent.handlers";
    private static final Logger LOG = LogManager.getLogger(LOGGER);

    private final Cluster cluster;
    private final List<HandlerSpec> eventHandlers;
    private final List<MembershipHandler> membershipHandlers;
    private final CommandRunner runner;
    private final ThreadPoolExecutor pool;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private Handlers(Cluster cluster, List<HandlerSpec> eventHandlers, List<MembershipHandler> membershipHandlers,
                     CommandRunner runner, int concurrency, int queueCapacity) {
        this.cluster = cluster;
        this.eventHandlers = List.copyOf(eventHandlers);
        this.membershipHandlers = List.copyOf(membershipHandlers);
        this.runner = runner;
        AtomicInteger n = new AtomicInteger();
        Map<String, String> logContext = ThreadContext.getImmutableContext();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(() -> {
                        ThreadContext.putAll(logContext);
                        r.run();
                    }, "pekonode-handler-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Checks the specs, subscribes the event handlers and registers one query handler per name.
     *
     * @throws IllegalArgumentException for a {@code *} query handler or two query handlers of one name
     * @throws IllegalStateException    when the node already has a handler for a query name
     */
    public static Handlers start(Cluster cluster, List<HandlerSpec> eventHandlers, List<HandlerSpec> queryHandlers,
                                 CommandRunner runner, int concurrency, int queueCapacity) {
        return start(cluster, eventHandlers, queryHandlers, List.of(), runner, concurrency, queueCapacity);
    }

    /** As above, also running membership handlers. */
    public static Handlers start(Cluster cluster, List<HandlerSpec> eventHandlers, List<HandlerSpec> queryHandlers,
                                 List<MembershipHandler> membershipHandlers, CommandRunner runner, int concurrency,
                                 int queueCapacity) {
        checkQueryHandlers(queryHandlers);
        Handlers handlers = new Handlers(cluster, eventHandlers, membershipHandlers, runner, concurrency, queueCapacity);
        try {
            if (!eventHandlers.isEmpty() || !membershipHandlers.isEmpty()) {
                handlers.subscriptions.add(cluster.subscribe(handlers::onEvent));
            }
            for (HandlerSpec spec : queryHandlers) {
                handlers.subscriptions.add(cluster.handle(spec.name(), message -> handlers.answer(spec, message)));
            }
        } catch (RuntimeException e) {
            handlers.close();
            throw e;
        }
        return handlers;
    }

    /** Validation shared with the command line, so bad flags are usage errors before the node starts. */
    public static void checkQueryHandlers(List<HandlerSpec> queryHandlers) {
        Set<String> names = new HashSet<>();
        for (HandlerSpec spec : queryHandlers) {
            if (HandlerSpec.ANY.equals(spec.name())) {
                throw new IllegalArgumentException("--query-handler needs a query name: '*' is only for event handlers"
                        + " (a query has one answer per node)");
            }
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("two --query-handler flags for query '" + spec.name()
                        + "': a node answers a query once");
            }
        }
    }

    public HandlerStats stats() {
        return new HandlerStats(started.get(), succeeded.get(), failed.get(), timedOut.get(), rejected.get());
    }

    /** Commands queued for a free slot right now. */
    public int queued() {
        return pool.getQueue().size();
    }

    /** True when every slot is busy and the queue is full: the next command would be dropped. */
    public boolean full() {
        return pool.getActiveCount() >= pool.getMaximumPoolSize() && pool.getQueue().remainingCapacity() == 0;
    }

    private void onEvent(ClusterEvent event) {
        if (event instanceof ClusterEvent.MemberEvent m) {
            onMembership(EventKind.of(event), m.member());
            return;
        }
        if (!(event instanceof ClusterEvent.UserEventReceived e)) {
            return;
        }
        for (HandlerSpec spec : eventHandlers) {
            if (!spec.matches(e.name())) {
                continue;
            }
            Map<String, String> env = baseEnv();
            env.put("PEKONODE_EVENT", e.name());
            env.put("PEKONODE_ORIGIN", e.originId());
            env.put("PEKONODE_LTIME", Long.toString(e.lamportTime()));
            env.put("PEKONODE_COALESCED", Integer.toString(e.coalesced()));
            byte[] payload = e.payload();
            try {
                pool.execute(() -> runLogged("event '" + e.name() + "'", spec, payload, env));
            } catch (RejectedExecutionException full) {
                long dropped = rejected.incrementAndGet();
                LOG.warn("event handler for '{}' not run: all {} handler slots and the queue are busy ({} dropped so far)",
                        e.name(), pool.getMaximumPoolSize(), dropped);
            }
        }
    }

    private void onMembership(EventKind kind, Member member) {
        for (MembershipHandler handler : membershipHandlers) {
            if (!handler.kinds().contains(kind)) {
                continue;
            }
            Map<String, String> env = baseEnv();
            env.put("PEKONODE_EVENT", kind.label());
            byte[] stdin = (memberLine(member) + "\n").getBytes(StandardCharsets.UTF_8);
            HandlerSpec spec = new HandlerSpec(kind.label(), handler.command());
            try {
                pool.execute(() -> runLogged(kind.label() + " of " + member.name(), spec, stdin, env));
            } catch (RejectedExecutionException full) {
                long dropped = rejected.incrementAndGet();
                LOG.warn("{} handler not run: all {} handler slots and the queue are busy ({} dropped so far)",
                        kind.label(), pool.getMaximumPoolSize(), dropped);
            }
        }
    }

    /** Serf's line for a member on a handler's stdin: name, address, id, state, tags (k=v,...), tab-separated. */
    static String memberLine(Member m) {
        StringBuilder tags = new StringBuilder();
        new java.util.TreeMap<>(m.tags()).forEach((k, v) -> tags.append(tags.length() == 0 ? "" : ",").append(k)
                .append('=').append(v));
        return String.join("\t", m.name(), m.address().toString(), m.id(),
                m.state().name().toLowerCase(java.util.Locale.ROOT), tags.toString());
    }

    private byte[] answer(HandlerSpec spec, IncomingMessage message) throws Exception {
        Map<String, String> env = baseEnv();
        env.put("PEKONODE_QUERY", message.topic());
        env.put("PEKONODE_ORIGIN", message.senderId());
        byte[] payload = message.payload();
        Future<CommandResult> result;
        try {
            result = pool.submit(() -> runLogged("query '" + message.topic() + "'", spec, payload, env));
        } catch (RejectedExecutionException full) {
            rejected.incrementAndGet();
            LOG.warn("query handler for '{}' not run: all handler slots and the queue are busy", message.topic());
            throw new IllegalStateException("query handler busy on this node");
        }
        CommandResult done;
        try {
            done = result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("query handler could not run: " + e.getCause().getMessage());
        }
        if (done == null || !done.succeeded()) {
            throw new IllegalStateException("query handler " + (done == null ? "could not start" : done.describeFailure()));
        }
        return done.stdout();
    }

    /** Runs one command and accounts for it; returns null when it could not start. Never throws. */
    private CommandResult runLogged(String what, HandlerSpec spec, byte[] payload, Map<String, String> env) {
        started.incrementAndGet();
        try {
            CommandResult result = runner.run(spec.command(), payload, env);
            if (result.succeeded()) {
                succeeded.incrementAndGet();
                LOG.debug("handler for {} ran in {} ms: {}", what, result.elapsed().toMillis(), spec.command());
                if (result.truncated()) {
                    LOG.warn("handler for {} wrote more than its output limit; the rest was dropped", what);
                }
            } else {
                (result.timedOut() ? timedOut : failed).incrementAndGet();
                LOG.warn("handler for {} ({}) {}", what, spec.command(), result.describeFailure());
            }
            return result;
        } catch (IOException e) {
            failed.incrementAndGet();
            LOG.warn("handler for {} ({}) could not start: {}", what, spec.command(), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.incrementAndGet();
            return null;
        }
    }

    private Map<String, String> baseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            Member self = cluster.localMember();
            env.put("PEKONODE_SELF_ID", self.id());
            env.put("PEKONODE_SELF_NAME", self.name());
        } catch (IllegalStateException e) {
            // the node is not up yet (or closing): the command just lacks these two
        }
        return env;
    }

    /** Unregisters everything and kills running commands (the runner kills its process on interrupt). */
    @Override
    public void close() {
        for (Subscription s : subscriptions) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a handler registration failed: {}", e.toString());
            }
        }
        pool.shutdownNow();
    }

    /** For tests: true once no command is queued or running. */
    boolean idle() {
        return pool.getActiveCount() == 0 && pool.getQueue().isEmpty();
    }
}
