package io.pekonode.engine.core.membership;

import java.util.AbstractCollection;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Member entries by id: an open-addressing hash table (linear probing) that stores the entries
 * themselves, keyed by {@link MemberEntry#id()}.
 *
 * <p>Why not a {@code HashMap<String, MemberEntry>}: every node holds one entry per member, so a
 * cluster holds N² of them, and a HashMap adds a 32-byte node per entry on top of its table slot:
 * 3.2 GB of a 10,000-node simulation. Here an entry costs one array slot (4 to 8 bytes at a load of
 * 3/8 to 3/4). Iteration order is the table order, as unspecified as HashMap's. Not thread-safe.
 */
final class EntryIndex extends AbstractCollection<MemberEntry> {
    private static final int MIN_CAPACITY = 16;
    /** Bits of an int hash; the top {@code log2(capacity)} of them pick the home slot. */
    private static final int HASH_BITS = Integer.SIZE;

    private MemberEntry[] slots = new MemberEntry[MIN_CAPACITY];
    /** 32 - log2(slots.length): the hash's top bits pick the home slot. */
    private int shift = HASH_BITS - Integer.numberOfTrailingZeros(MIN_CAPACITY);
    private int size;
    private int modCount;

    MemberEntry get(String id) {
        MemberEntry[] tab = slots;
        int mask = tab.length - 1;
        for (int i = home(id); ; i = (i + 1) & mask) {
            MemberEntry e = tab[i];
            if (e == null || e.id().equals(id)) {
                return e;
            }
        }
    }

    /** Adds the entry, replacing any entry with the same id (like {@code Map.put}). */
    void put(MemberEntry entry) {
        String id = entry.id();
        int mask = slots.length - 1;
        int i = home(id);
        for (MemberEntry e; (e = slots[i]) != null; i = (i + 1) & mask) {
            if (e.id().equals(id)) {
                slots[i] = entry;
                modCount++;
                return;
            }
        }
        slots[i] = entry;
        size++;
        modCount++;
        // Doubled past a load of 3/4, so linear probing stays short (and 3/8 just after a resize).
        if (size > slots.length - (slots.length >>> 2)) {
            resize(slots.length * 2);
        }
    }

    /** Removes whatever entry has this id, if any. */
    void remove(String id) {
        int mask = slots.length - 1;
        int i = home(id);
        for (MemberEntry e; (e = slots[i]) != null; i = (i + 1) & mask) {
            if (e.id().equals(id)) {
                deleteAt(i);
                return;
            }
        }
    }

    /** Knuth's algorithm R: close the gap so that no later entry of the probe run becomes unreachable. */
    private void deleteAt(int gap) {
        int mask = slots.length - 1;
        slots[gap] = null;
        size--;
        modCount++;
        for (int j = (gap + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int k = home(slots[j].id());
            // The entry at j may move back to the gap unless its home lies cyclically in (gap, j].
            boolean homeInRun = gap <= j ? gap < k && k <= j : gap < k || k <= j;
            if (!homeInRun) {
                slots[gap] = slots[j];
                slots[j] = null;
                gap = j;
            }
        }
    }

    private void resize(int capacity) {
        MemberEntry[] old = slots;
        slots = new MemberEntry[capacity];
        shift = HASH_BITS - Integer.numberOfTrailingZeros(capacity);
        int mask = capacity - 1;
        for (MemberEntry e : old) {
            if (e != null) {
                int i = home(e.id());
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = e;
            }
        }
    }

    /** Fibonacci hashing of the (cached) String hash: ids such as "node-123" differ in few bits. */
    private int home(String id) {
        return (id.hashCode() * 0x9E3779B9) >>> shift;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<MemberEntry> iterator() {
        return new Iterator<>() {
            private final int expected = modCount;
            private int next = advance(0);

            private int advance(int from) {
                int i = from;
                while (i < slots.length && slots[i] == null) {
                    i++;
                }
                return i;
            }

            @Override
            public boolean hasNext() {
                return next < slots.length;
            }

            @Override
            public MemberEntry next() {
                if (modCount != expected) {
                    throw new java.util.ConcurrentModificationException();
                }
                if (next >= slots.length) {
                    throw new NoSuchElementException();
                }
                MemberEntry e = slots[next];
                next = advance(next + 1);
                return e;
            }
        };
    }

    @Override
    public String toString() {
        return "EntryIndex" + Arrays.toString(slots);
    }
}
