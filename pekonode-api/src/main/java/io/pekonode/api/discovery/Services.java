package io.pekonode.api.discovery;

import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.Subscription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Service discovery through member tags.
 *
 * <p><b>Convention:</b> a member offers service {@code NAME} on {@code PORT} by carrying the tag
 * {@code service.NAME = PORT} (decimal, 1 to 65535). The service's host is the host of the member's
 * advertised gossip address. Names are 1 to 64 characters of {@code [A-Za-z0-9._-]}. Any process can
 * follow the convention (the agent's {@code --service NAME=PORT} and {@code --tag} flags do), so
 * this class only reads and writes tags.
 *
 * <pre>{@code
 * Services.announce(cluster, "api", 8080);              // this node offers api on :8080
 * List<ServiceInstance> apis = Services.of(cluster).services("api");
 * Subscription s = Services.of(cluster).watch("api", list -> balancer.replace(list));
 * }</pre>
 */
public final class Services {

    /** Prefix of the tags that announce services: {@code service.NAME}. */
    public static final String TAG_PREFIX = "service.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Lists are sorted so that "changed" means a different set, not a different iteration order. */
    private static final Comparator<ServiceInstance> ORDER = Comparator.comparing(ServiceInstance::memberId)
            .thenComparing(ServiceInstance::service);

    private final Cluster cluster;

    private Services(Cluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    public static Services of(Cluster cluster) {
        return new Services(cluster);
    }

    /** The tag key announcing {@code service}. @throws IllegalArgumentException for an invalid name */
    public static String tagKey(String service) {
        return TAG_PREFIX + checkName(service);
    }

    /**
     * Makes the local node offer {@code service} on {@code port}: merges {@code service.NAME=PORT}
     * into its tags (keeping the others) and gossips them. Not atomic with concurrent tag updates by
     * other code on the same node: a writer that replaces all tags at once may undo it.
     *
     * @throws IllegalArgumentException for an invalid name or a port outside 1..65535
     */
    public static void announce(Cluster cluster, String service, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("service port out of range 1..65535: " + port);
        }
        String key = tagKey(service);
        Map<String, String> tags = new LinkedHashMap<>(cluster.localMember().tags());
        if (String.valueOf(port).equals(tags.put(key, String.valueOf(port)))) {
            return; // already announced: no incarnation bump, no gossip
        }
        cluster.updateTags(tags);
    }

    /** Stops offering {@code service} from the local node (nothing happens when it was not announced). */
    public static void withdraw(Cluster cluster, String service) {
        String key = tagKey(service);
        Map<String, String> tags = new LinkedHashMap<>(cluster.localMember().tags());
        if (tags.remove(key) != null) {
            cluster.updateTags(tags);
        }
    }

    /**
     * The live (alive or suspect) members offering {@code service}, sorted by member id. Members whose
     * tag is not a valid port are left out.
     *
     * @throws IllegalArgumentException for an invalid name
     */
    public List<ServiceInstance> services(String service) {
        String key = tagKey(service);
        List<ServiceInstance> found = new ArrayList<>();
        for (Member m : cluster.liveMembers()) {
            parsePort(m.tags().get(key)).ifPresent(port -> found.add(
                    new ServiceInstance(service, m.id(), m.name(), m.address().host(), port, m.tags())));
        }
        found.sort(ORDER);
        return List.copyOf(found);
    }

    /**
     * Calls {@code onChange} with the current instances of {@code service} at once (on the caller's
     * thread), then again each time a member event changes that list, on the node's event-dispatch
     * thread (keep the callback quick, or use {@link #watch(String, Consumer, Executor)}). Calls are
     * never concurrent and each carries the whole new list.
     */
    public Subscription watch(String service, Consumer<List<ServiceInstance>> onChange) {
        return watch(service, onChange, null);
    }

    /** {@link #watch(String, Consumer)} with later calls made on {@code executor}. */
    public Subscription watch(String service, Consumer<List<ServiceInstance>> onChange, Executor executor) {
        tagKey(service);
        Objects.requireNonNull(onChange, "onChange");
        Watch watch = new Watch(service, onChange);
        Subscription subscription = executor == null
                ? cluster.subscribe(watch::onEvent)
                : cluster.subscribe(watch::onEvent, executor);
        watch.evaluate();
        return subscription;
    }

    /** Re-reads the member list on each member event and reports only real changes. */
    private final class Watch {
        private final String service;
        private final Consumer<List<ServiceInstance>> onChange;
        private List<ServiceInstance> last;

        Watch(String service, Consumer<List<ServiceInstance>> onChange) {
            this.service = service;
            this.onChange = onChange;
        }

        void onEvent(ClusterEvent event) {
            if (event instanceof ClusterEvent.MemberEvent) {
                evaluate();
            }
        }

        // Synchronised so the first call (caller's thread) and event-driven ones never interleave.
        synchronized void evaluate() {
            List<ServiceInstance> now = services(service);
            if (!now.equals(last)) {
                last = now;
                onChange.accept(now);
            }
        }
    }

    private static String checkName(String service) {
        Objects.requireNonNull(service, "service");
        if (!NAME.matcher(service).matches()) {
            throw new IllegalArgumentException("service name must be 1 to 64 characters of A-Z a-z 0-9 . _ - but was '"
                    + service + "'");
        }
        return service;
    }

    private static Optional<Integer> parsePort(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(value.trim());
            return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
