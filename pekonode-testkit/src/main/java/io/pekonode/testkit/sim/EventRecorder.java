package io.pekonode.testkit.sim;

import io.pekonode.api.event.ClusterEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Keeps the events that match a filter, in the order they happened. Create it with
 * {@link Simulation#recordEvents}. Filter narrowly in large simulations: joining 10,000 nodes
 * produces 100 million join events.
 */
public final class EventRecorder implements SimEventListener {

    private final Predicate<ClusterEvent> filter;
    private final List<SimEvent> events = new ArrayList<>();

    EventRecorder(Predicate<ClusterEvent> filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    @Override
    public void onEvent(long timeMillis, SimNode observer, ClusterEvent event) {
        if (filter.test(event)) {
            events.add(new SimEvent(timeMillis, observer, event));
        }
    }

    /** Every recorded event, oldest first (a read-only view). */
    public List<SimEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /** Recorded events of one type. */
    public List<SimEvent> events(Class<? extends ClusterEvent> type) {
        List<SimEvent> result = new ArrayList<>();
        for (SimEvent e : events) {
            if (type.isInstance(e.event())) {
                result.add(e);
            }
        }
        return result;
    }

    /** Recorded member events of one type about one member id. */
    public List<SimEvent> events(Class<? extends ClusterEvent> type, String memberId) {
        List<SimEvent> result = new ArrayList<>();
        for (SimEvent e : events) {
            if (type.isInstance(e.event()) && memberId.equals(e.memberId())) {
                result.add(e);
            }
        }
        return result;
    }

    public int count(Class<? extends ClusterEvent> type) {
        int count = 0;
        for (SimEvent e : events) {
            if (type.isInstance(e.event())) {
                count++;
            }
        }
        return count;
    }

    public void clear() {
        events.clear();
    }
}
