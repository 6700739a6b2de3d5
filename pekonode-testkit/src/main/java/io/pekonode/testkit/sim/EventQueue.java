package io.pekonode.testkit.sim;

import java.util.Arrays;

/**
 * The simulator's single agenda: a binary min-heap ordered by (time, insertion sequence), so that
 * actions due at the same virtual millisecond run in the order they were scheduled and every run
 * with the same seed is identical.
 *
 * <p>Entries are kept in parallel primitive arrays indexed by a recycled slot, and the heap orders
 * slot numbers only: scheduling a delivery allocates nothing beyond the message it carries, which
 * matters at 10,000 nodes and millions of packets per simulated minute.
 */
final class EventQueue {

    static final byte WAKE = 0;
    static final byte DELIVER = 1;
    static final byte TASK = 2;
    static final byte REFUSED = 3;

    private long[] time;
    private long[] seq;
    private byte[] kind;
    private int[] node;
    private long[] aux;
    private Object[] payload;
    private int[] freeSlots;
    private int freeCount;
    private int slotsUsed;

    private int[] heap;
    private int size;
    private long nextSeq;

    /** Fields of the entry last removed by {@link #poll()}. */
    long headTime;
    byte headKind;
    int headNode;
    long headAux;
    Object headPayload;

    EventQueue(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        time = new long[capacity];
        seq = new long[capacity];
        kind = new byte[capacity];
        node = new int[capacity];
        aux = new long[capacity];
        payload = new Object[capacity];
        freeSlots = new int[capacity];
        heap = new int[capacity];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Time of the earliest entry; only valid when not empty. */
    long peekTime() {
        return time[heap[0]];
    }

    void add(long at, byte entryKind, int entryNode, long entryAux, Object entryPayload) {
        int slot = allocateSlot();
        time[slot] = at;
        seq[slot] = nextSeq++;
        kind[slot] = entryKind;
        node[slot] = entryNode;
        aux[slot] = entryAux;
        payload[slot] = entryPayload;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, slot);
    }

    /** Removes the earliest entry and exposes it through the {@code head*} fields. */
    void poll() {
        int slot = heap[0];
        headTime = time[slot];
        headKind = kind[slot];
        headNode = node[slot];
        headAux = aux[slot];
        headPayload = payload[slot];
        payload[slot] = null;
        freeSlots[freeCount++] = slot;
        int last = heap[--size];
        if (size > 0) {
            siftDown(0, last);
        }
    }

    private int allocateSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == time.length) {
            int capacity = time.length * 2;
            time = Arrays.copyOf(time, capacity);
            seq = Arrays.copyOf(seq, capacity);
            kind = Arrays.copyOf(kind, capacity);
            node = Arrays.copyOf(node, capacity);
            aux = Arrays.copyOf(aux, capacity);
            payload = Arrays.copyOf(payload, capacity);
            freeSlots = Arrays.copyOf(freeSlots, capacity);
        }
        return slotsUsed++;
    }

    private boolean before(int a, int b) {
        return time[a] < time[b] || (time[a] == time[b] && seq[a] < seq[b]);
    }

    private void siftUp(int index, int slot) {
        while (index > 0) {
            int parentIndex = (index - 1) >>> 1;
            int parent = heap[parentIndex];
            if (!before(slot, parent)) {
                break;
            }
            heap[index] = parent;
            index = parentIndex;
        }
        heap[index] = slot;
    }

    private void siftDown(int index, int slot) {
        int half = size >>> 1;
        while (index < half) {
            int childIndex = 2 * index + 1;
            int child = heap[childIndex];
            int right = childIndex + 1;
            if (right < size && before(heap[right], child)) {
                childIndex = right;
                child = heap[right];
            }
            if (!before(child, slot)) {
                break;
            }
            heap[index] = child;
            index = childIndex;
        }
        heap[index] = slot;
    }
}
