package io.pekonode.agent.node;

import io.pekonode.api.Cluster;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Joins the configured seeds in the background and says so while none answers. The engine does
 * the retrying (with backoff); this only reports, and answers "has this node joined?" for health.
 */
final class JoinWatch implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(AgentNode.LIFECYCLE_LOGGER);
    /** First report after this long without an answer; then twice as long each time, up to {@link #REPORT_MAX}. */
    static final Duration REPORT_FIRST = Duration.ofSeconds(10);
    static final Duration REPORT_MAX = Duration.ofMinutes(5);

    private final Cluster cluster;
    private final ClusterConfig config;
    private final CompletableFuture<Integer> join;
    private final ScheduledExecutorService reporter;
    private final long startedNanos = System.nanoTime();

    private JoinWatch(Cluster cluster, ClusterConfig config, CompletableFuture<Integer> join,
                      ScheduledExecutorService reporter) {
        this.cluster = cluster;
        this.config = config;
        this.join = join;
        this.reporter = reporter;
    }

    static JoinWatch start(Cluster cluster, ClusterConfig config) {
        if (config.seeds().isEmpty() && config.discovery().isEmpty()) {
            LOG.info("no seeds given (--join, --discover): starting a new cluster of one; others join through this node");
            return new JoinWatch(cluster, config, CompletableFuture.completedFuture(0), null);
        }
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pekonode-join-watch");
            t.setDaemon(true);
            return t;
        });
        // An empty list means "the configured seeds"; the engine retries them with backoff until one answers.
        JoinWatch watch = new JoinWatch(cluster, config, cluster.join(List.of()), reporter);
        watch.join.whenComplete((answered, error) -> watch.onJoinDone(answered, error));
        watch.scheduleReport(REPORT_FIRST);
        return watch;
    }

    private void onJoinDone(Integer answered, Throwable error) {
        if (error != null) {
            LOG.debug("join ended without success: {}", error.toString());
        } else {
            LOG.info("joined the cluster through {}: {} live members known", sources(), cluster.liveMembers().size());
        }
        if (reporter != null) {
            reporter.shutdown();
        }
    }

    private void scheduleReport(Duration delay) {
        try {
            reporter.schedule(() -> {
                if (!join.isDone()) {
                    report();
                    Duration next = delay.multipliedBy(2);
                    scheduleReport(next.compareTo(REPORT_MAX) > 0 ? REPORT_MAX : next);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // joined or closed meanwhile: nothing left to report
        }
    }

    private void report() {
        long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        LOG.warn("still trying to join through {}: no seed has answered for {} s; retrying with backoff{}",
                sources(), waited, config.lifecycle().bootstrap()
                        ? " (running alone meanwhile because of --bootstrap)"
                        : " (pass --bootstrap to let this node start a cluster alone)");
    }

    /** True when the node is part of a cluster: a seed answered, someone joined it, or it may run alone. */
    boolean joined() {
        return config.lifecycle().bootstrap()
                || join.isDone() && !join.isCompletedExceptionally()
                || cluster.liveMembers().size() > 1;
    }

    /** The static seeds, then the discovery sources (as configured; they may find more seeds). */
    List<String> seeds() {
        List<String> all = new ArrayList<>(config.seeds().stream().map(NodeAddress::toString).toList());
        all.addAll(config.discovery().stream().map(JoinWatch::withoutQuery).toList());
        return List.copyOf(all);
    }

    private String sources() {
        return seeds().toString();
    }

    /** Sources for logs and the health answer: the query may carry credentials' locations, so it is cut. */
    private static String withoutQuery(String source) {
        int question = source.indexOf('?');
        return question < 0 ? source : source.substring(0, question);
    }

    @Override
    public void close() {
        if (reporter != null) {
            reporter.shutdownNow();
        }
    }
}
