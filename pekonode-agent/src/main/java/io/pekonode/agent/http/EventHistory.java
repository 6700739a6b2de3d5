package io.pekonode.agent.http;

import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import io.pekonode.api.event.ClusterListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last user events this node received, numbered in arrival order, for {@code GET /v1/events}.
 * Bounded: the oldest are forgotten once {@code capacity} is reached, and a reader that asks from
 * a forgotten number is told how many it missed.
 */
final class EventHistory implements ClusterListener {

    /** One received event and its local sequence number (1, 2, 3... since the agent started). */
    public record Entry(long seq, UserEventReceived event) {
    }

    /**
     * A page of events after some sequence number.
     *
     * @param events  the events, oldest first
     * @param next    the number to pass as {@code since} next time
     * @param dropped how many events after {@code since} were already forgotten
     */
    public record Page(List<Entry> events, long next, long dropped) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long lastSeq;

    public EventHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void onEvent(ClusterEvent event) {
        if (event instanceof UserEventReceived e) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            entries.addLast(new Entry(++lastSeq, e));
        }
    }

    /** The events numbered above {@code since}, at most {@code limit} of them. */
    public synchronized Page since(long since, int limit) {
        List<Entry> out = new ArrayList<>();
        long firstKept = entries.isEmpty() ? lastSeq + 1 : entries.peekFirst().seq();
        long dropped = Math.max(0, firstKept - Math.max(since, 0) - 1);
        for (Entry entry : entries) {
            if (entry.seq() > since && out.size() < limit) {
                out.add(entry);
            }
        }
        // Nothing new: resume from the newest number (also right after an agent restart reset them).
        long next = out.isEmpty() ? lastSeq : out.get(out.size() - 1).seq();
        return new Page(List.copyOf(out), next, dropped);
    }
}
