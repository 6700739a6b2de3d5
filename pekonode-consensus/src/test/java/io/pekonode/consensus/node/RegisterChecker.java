package io.pekonode.consensus.node;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a history of one key of the consensus map is linearizable: the Wing–Gong search with
 * Lowe's memoisation (as Porcupine does it). Operations whose outcome is unknown (a timeout) stay open
 * to the end of the history and may or may not have taken effect. Versions are checked too: a read sees
 * the version of the write it sees, and a write's version is above every version before it.
 *
 * <p>Public for the container tests in pekonode-it, which check histories taken from real agents with it
 * (this module's test jar).
 */
public final class RegisterChecker {

    public enum Kind { GET, PUT, CAS, DELETE }

    /**
     * One call on the key. {@code value}: the written value (put, cas) or the value read (-1: not found).
     * {@code version}: for a cas the expected version; {@code resultVersion}: the version written or read,
     * the current version of a cas mismatch. {@code ok}: a write applied, a delete found the key, a cas
     * matched ({@code mismatch} when it did not, {@code notFound} when the key was missing).
     */
    public record Op(int id, int client, Kind kind, long value, long version, long invoke, long complete, boolean known,
              boolean ok, boolean mismatch, boolean notFound, long resultVersion) {

        @Override
        public String toString() {
            String r = !known ? "?" : switch (kind) {
                case GET -> value < 0 ? "none" : value + "@" + resultVersion;
                case PUT -> "v" + resultVersion;
                case CAS -> mismatch ? "mismatch@" + resultVersion : notFound ? "notfound" : "v" + resultVersion;
                case DELETE -> String.valueOf(ok);
            };
            String arg = switch (kind) {
                case GET, DELETE -> "";
                case PUT -> String.valueOf(value);
                case CAS -> version + "->" + value;
            };
            return "c" + client + " " + kind.name().toLowerCase() + "(" + arg + ")=" + r + " [" + invoke + ","
                    + (known ? String.valueOf(complete) : "inf") + "]";
        }
    }

    /** The register: present or not, its value, its version (-1: written by an unknown write), and the highest version so far. */
    private record State(boolean present, long value, long version, long floor) {
    }

    private static final State EMPTY = new State(false, -1, 0, 0);

    private RegisterChecker() {
    }

    public static boolean linearizable(List<Op> history) {
        List<Op> ops = new ArrayList<>(history);
        int n = ops.size();
        if (n == 0) {
            return true;
        }
        // Entries: a call per op, and a return per op with a known outcome (unknown ones return at infinity).
        record Entry(Op op, boolean call, long time) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Op op : ops) {
            entries.add(new Entry(op, true, op.invoke()));
            entries.add(new Entry(op, false, op.known() ? op.complete() : Long.MAX_VALUE));
        }
        // At equal times calls come first: two operations that touch at one instant count as concurrent.
        entries.sort(Comparator.comparingLong(Entry::time).thenComparing(e -> e.call() ? 0 : 1));
        Node head = new Node(null, false);
        Node prev = head;
        Node[] callOf = new Node[maxId(ops) + 1];
        Node[] returnOf = new Node[maxId(ops) + 1];
        for (Entry e : entries) {
            Node node = new Node(e.op(), e.call());
            node.prev = prev;
            prev.next = node;
            prev = node;
            if (e.call()) {
                callOf[e.op().id()] = node;
            } else {
                returnOf[e.op().id()] = node;
            }
        }
        for (Op op : ops) {
            callOf[op.id()].match = returnOf[op.id()];
        }
        record Frame(Node call, Set<State> states) {
        }
        Set<Object> cache = new HashSet<>();
        List<Frame> stack = new ArrayList<>();
        BitSet linearized = new BitSet();
        Set<State> states = Set.of(EMPTY);
        Node entry = head.next;
        while (head.next != null) {
            if (entry.call) {
                Set<State> next = step(states, entry.op);
                boolean advanced = false;
                if (!next.isEmpty()) {
                    BitSet lin = (BitSet) linearized.clone();
                    lin.set(entry.op.id());
                    if (cache.add(List.of(lin, next))) {
                        stack.add(new Frame(entry, states));
                        states = next;
                        linearized = lin;
                        entry.lift();
                        entry = head.next;
                        advanced = true;
                    }
                }
                if (!advanced) {
                    entry = entry.next;
                }
            } else {
                if (stack.isEmpty()) {
                    return false;
                }
                Frame top = stack.remove(stack.size() - 1);
                states = top.states();
                linearized.clear(top.call().op.id());
                top.call().unlift();
                entry = top.call().next;
            }
        }
        return true;
    }

    private static int maxId(List<Op> ops) {
        return ops.stream().mapToInt(Op::id).max().orElse(0);
    }

    private static Set<State> step(Set<State> states, Op op) {
        Set<State> out = new LinkedHashSet<>();
        for (State s : states) {
            if (!op.known()) {
                out.add(s); // it may not have happened
                switch (op.kind()) {
                    case PUT -> out.add(new State(true, op.value(), -1, s.floor()));
                    case CAS -> {
                        if (s.present() && (s.version() == op.version() || s.version() < 0)) {
                            out.add(new State(true, op.value(), -1, s.floor()));
                        }
                    }
                    case DELETE -> out.add(new State(false, -1, 0, s.floor()));
                    case GET -> { }
                }
                continue;
            }
            switch (op.kind()) {
                case GET -> {
                    if (op.value() < 0) {
                        if (!s.present()) {
                            out.add(s);
                        }
                    } else if (s.present() && s.value() == op.value()
                            && (s.version() == op.resultVersion() || s.version() < 0)) {
                        out.add(new State(true, s.value(), op.resultVersion(), Math.max(s.floor(), op.resultVersion())));
                    }
                }
                case PUT -> {
                    if (op.resultVersion() > s.floor()) {
                        out.add(new State(true, op.value(), op.resultVersion(), op.resultVersion()));
                    }
                }
                case CAS -> {
                    if (op.notFound()) {
                        if (!s.present()) {
                            out.add(s);
                        }
                    } else if (op.mismatch()) {
                        if (s.present() && op.resultVersion() != op.version()
                                && (s.version() == op.resultVersion() || s.version() < 0)) {
                            out.add(new State(true, s.value(), op.resultVersion(), Math.max(s.floor(), op.resultVersion())));
                        }
                    } else if (s.present() && (s.version() == op.version() || s.version() < 0)
                            && op.resultVersion() > s.floor()) {
                        out.add(new State(true, op.value(), op.resultVersion(), op.resultVersion()));
                    }
                }
                case DELETE -> {
                    if (op.ok() == s.present()) {
                        out.add(new State(false, -1, 0, s.floor()));
                    }
                }
            }
        }
        return out;
    }

    /** A doubly linked list entry; lifting a call removes it and its return while it is tried as linearized. */
    private static final class Node {
        final Op op;
        final boolean call;
        Node match;
        Node prev;
        Node next;

        Node(Op op, boolean call) {
            this.op = op;
            this.call = call;
        }

        void lift() {
            prev.next = next;
            if (next != null) {
                next.prev = prev;
            }
            match.prev.next = match.next;
            if (match.next != null) {
                match.next.prev = match.prev;
            }
        }

        void unlift() {
            match.prev.next = match;
            if (match.next != null) {
                match.next.prev = match;
            }
            prev.next = this;
            if (next != null) {
                next.prev = this;
            }
        }
    }
}
