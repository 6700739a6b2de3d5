package io.pekonode.consensus.node;

import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.raft.Scheduler;
import io.pekonode.consensus.routing.CallTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Consensus services of several nodes on one thread under virtual time: every Raft task, timer, message
 * and client continuation is an entry of one agenda ordered by (time, sequence), so a seed decides the
 * whole run. The network has latency, loss and partitions; nodes crash (their pending work vanishes) and
 * restart from their Raft store. Gossip is idealised: every node sees every other's liveness at once.
 */
final class ConsensusSim implements AutoCloseable {

    private record Task(long at, long seq, Runnable action) {
    }

    private final PriorityQueue<Task> agenda = new PriorityQueue<>(
            Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
    private final Random random;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Set<String> cut = new HashSet<>();
    private final Path root;
    private final ConsensusConfig base;
    private long now;
    private long seq;
    private double loss;
    private long minLatency = 1;
    private long maxLatency = 5;
    /** Latency of single directed links ("from|to" to {min, max}), overriding the general one. */
    private final Map<String, long[]> linkLatency = new java.util.HashMap<>();
    /** How long gossip still shows a crashed node alive (0: it sees the crash at once). */
    private long detectionDelay;
    /** Loss of single directed links ("from|to" to a rate), on top of the general one. */
    private final Map<String, Double> linkLoss = new java.util.HashMap<>();
    long delivered;

    ConsensusSim(long seed, ConsensusConfig base) {
        this.random = new Random(seed);
        this.base = base;
        try {
            this.root = Files.createTempDirectory("consensus-sim");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Random random() {
        return random;
    }

    long now() {
        return now;
    }

    void loss(double rate) {
        this.loss = rate;
    }

    void latency(long min, long max) {
        this.minLatency = min;
        this.maxLatency = max;
    }

    /** Messages from {@code from} to {@code to} (one direction only) take {@code min} to {@code max} ms. */
    void latency(String from, String to, long min, long max) {
        linkLatency.put(from + "|" + to, new long[] {min, max});
    }

    /** Gossip shows a crashed node alive for {@code millis} more, as SWIM's failure detection takes a while. */
    void detectionDelay(long millis) {
        this.detectionDelay = millis;
    }

    /** Drops messages from {@code from} to {@code to} (that direction only) until {@link #heal()}. */
    void cutOneWay(String from, String to) {
        cut.add(from + "|" + to);
    }

    /** Every link takes the general latency again. */
    void clearLinkLatency() {
        linkLatency.clear();
    }

    /** A node with the module started; voters keep their Raft state in their own directory. */
    Node add(String id, boolean voter) {
        Node node = new Node(id, voter);
        nodes.put(id, node);
        node.boot();
        return node;
    }

    /** Where node {@code id} keeps its Raft state. */
    Path dataDirectory(String id) {
        return root.resolve(id);
    }

    Node node(String id) {
        return nodes.get(id);
    }

    List<Node> nodes() {
        return new ArrayList<>(nodes.values());
    }

    /** Cuts both directions between {@code a} and every node of {@code others}. */
    void partition(Node a, List<Node> others) {
        for (Node b : others) {
            if (b != a) {
                cut.add(a.id + "|" + b.id);
                cut.add(b.id + "|" + a.id);
            }
        }
    }

    /** Drops every message from {@code from} to {@code to}, one direction only, until {@link #heal()}. */
    void cut(Node from, Node to) {
        cutOneWay(from.id, to.id);
    }

    /** Loses a share {@code rate} of the messages from {@code from} to {@code to} only, until {@link #heal()}. */
    void loss(Node from, Node to, double rate) {
        linkLoss.put(from.id + "|" + to.id, rate);
    }

    void heal() {
        cut.clear();
        linkLoss.clear();
    }

    void post(long delay, Runnable action) {
        agenda.add(new Task(now + Math.max(0, delay), seq++, action));
    }

    void runFor(long millis) {
        long end = now + millis;
        while (!agenda.isEmpty() && agenda.peek().at() <= end) {
            Task t = agenda.poll();
            now = t.at();
            t.action().run();
        }
        now = end;
    }

    boolean runUntil(BooleanSupplier condition, long maxMillis) {
        long end = now + maxMillis;
        while (!condition.getAsBoolean()) {
            if (agenda.isEmpty() || agenda.peek().at() > end) {
                now = end;
                return condition.getAsBoolean();
            }
            Task t = agenda.poll();
            now = t.at();
            t.action().run();
        }
        return true;
    }

    private boolean linked(String from, String to) {
        return !cut.contains(from + "|" + to);
    }

    private long latency(String from, String to) {
        long[] link = linkLatency.get(from + "|" + to);
        long min = link == null ? minLatency : link[0];
        long max = link == null ? maxLatency : link[1];
        return min + (max > min ? random.nextInt((int) (max - min + 1)) : 0);
    }

    /** Delivers {@code action} at {@code to} after a latency, unless the packet is lost or the link is cut. */
    private boolean transmit(String from, Node to, Runnable action) {
        if (!linked(from, to.id) || random.nextDouble() < loss
                || (!linkLoss.isEmpty() && random.nextDouble() < linkLoss.getOrDefault(from + "|" + to.id, 0.0))) {
            return false;
        }
        long epoch = to.epoch;
        post(latency(from, to.id), to.whenAwake(epoch, () -> {
            delivered++;
            action.run();
        }));
        return true;
    }

    @Override
    public void close() {
        nodes.values().forEach(n -> {
            if (n.up) {
                n.service.close();
            }
        });
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }

    /** One simulated node: its port onto the simulated network, and its service. */
    final class Node implements ClusterPort {
        final String id;
        final boolean voter;
        ConsensusService service;
        boolean up;
        /** Left the cluster gracefully (gossip says LEFT) and stopped. */
        boolean left;
        /** What this node's clock reads beyond virtual time; jumps when a test moves it. */
        long clockOffset;
        /** Until when the process is frozen: its timers and incoming messages wait until then. */
        long pausedUntil;
        List<String> groupStart = List.of();
        long epoch;
        long crashedAt;
        final Scheduler scheduler = new Scheduler() {
            @Override
            public long nowMillis() {
                return now + clockOffset;
            }

            @Override
            public void execute(Runnable task) {
                schedule(task, 0);
            }

            @Override
            public void schedule(Runnable task, long delayMillis) {
                post(delayMillis, whenAwake(epoch, task));
            }
        };
        private final Executor events = task -> scheduler.execute(task);

        Node(String id, boolean voter) {
            this.id = id;
            this.voter = voter;
        }

        private void boot() {
            ConsensusConfig config = base.toBuilder().voter(voter).dataDirectory(root.resolve(id)).build();
            service = new ConsensusService(config, this, scheduler, events, new Random(random.nextLong()), false);
            up = true;
            service.start();
        }

        /** Runs {@code task} if this incarnation still runs, once any pause is over. */
        private Runnable whenAwake(long incarnation, Runnable task) {
            return new Runnable() {
                @Override
                public void run() {
                    if (!up || epoch != incarnation) {
                        return;
                    }
                    if (now < pausedUntil) {
                        agenda.add(new Task(pausedUntil, seq++, this));
                        return;
                    }
                    task.run();
                }
            };
        }

        /** Stops at once, as kill -9 would: pending work and messages in flight to it vanish. */
        void crash() {
            if (!up) {
                return;
            }
            epoch++;
            service.close();
            up = false;
            crashedAt = now;
        }

        /** Leaves gracefully: gossip reports it LEFT (not dead), then the process stops. */
        void leave() {
            if (!up) {
                return;
            }
            left = true;
            crash();
        }

        /** Starts again from its Raft store (and rejoins the cluster if it had left). */
        void restart() {
            if (up) {
                return;
            }
            left = false;
            pausedUntil = 0;
            epoch++;
            boot();
        }

        /**
         * Freezes the process for {@code millis}, as a GC pause or a stopped VM would: nothing runs and
         * messages wait, but gossip still sees it alive and its clock goes on.
         */
        void pause(long millis) {
            pausedUntil = Math.max(pausedUntil, now + millis);
        }

        /** Moves this node's clock reading by {@code millis} (either way); virtual time is not affected. */
        void jumpClock(long millis) {
            clockOffset += millis;
        }

        @Override
        public String localId() {
            return id;
        }

        @Override
        public List<Voter> voters() {
            List<Voter> out = new ArrayList<>();
            for (Node n : nodes.values()) {
                if (n.voter) {
                    // Gossip would see a cut-off node as dead after a while; here liveness is the process's.
                    out.add(new Voter(n.id, n.up || now - n.crashedAt < detectionDelay, n.left, n.groupStart));
                }
            }
            out.sort(Comparator.comparing(Voter::id));
            return out;
        }

        @Override
        public void announceMembership(List<String> start) {
            groupStart = start;
        }

        @Override
        public boolean reachable(String memberId) {
            Node n = nodes.get(memberId);
            return n != null && n.up;
        }

        @Override
        public void sendRaft(String memberId, byte[] message) {
            Node to = nodes.get(memberId);
            if (to != null) {
                transmit(id, to, () -> to.service.onRaft(message));
            }
        }

        @Override
        public void sendResult(String memberId, byte[] result) {
            Node to = nodes.get(memberId);
            if (to != null) {
                transmit(id, to, () -> to.service.onResult(result));
            }
        }

        @Override
        public CompletableFuture<byte[]> call(String memberId, byte[] call, Duration timeout) {
            Node to = nodes.get(memberId);
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            if (to == null) {
                return CompletableFuture.failedFuture(new CallTransport.NotSentException("unknown member " + memberId));
            }
            Node self = this;
            transmit(id, to, () -> {
                byte[] answer = to.service.onCall(id, call);
                transmit(to.id, self, () -> reply.complete(answer));
            });
            scheduler.schedule(() -> reply.completeExceptionally(new TimeoutException("no reply from " + memberId)),
                    timeout.toMillis());
            return reply;
        }

        @Override
        public String toString() {
            return id;
        }
    }
}
