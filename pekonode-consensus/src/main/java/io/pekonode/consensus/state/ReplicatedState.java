package io.pekonode.consensus.state;

import io.microraft.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The consensus map and the locks as a MicroRaft {@link StateMachine}. Deterministic: it reads no clock
 * and no randomness, so replaying the same log gives the same state and the same answers on every voter.
 */
public final class ReplicatedState implements StateMachine {

    private record Entry(byte[] value, long version) {
    }

    private record Lock(String holder, long token) {
    }

    private record CallKey(String caller, long callId) {
    }

    /**
     * How many answers to {@link Operation.Once} writes are remembered, oldest forgotten first. A copy of a
     * call that commits after this many later writes would be applied again; callers send copies only
     * within their request timeout (5 s by default), in which far fewer writes commit.
     */
    public static final int REMEMBERED_ANSWERS = 20_000;

    private final TreeMap<String, Entry> map = new TreeMap<>();
    private final TreeMap<String, Lock> locks = new TreeMap<>();
    /** In the order applied, so every voter forgets the same ones. */
    private final LinkedHashMap<CallKey, Result> answers = new LinkedHashMap<>();
    private final int maxChunkBytes;
    private volatile LockObserver observer = LockObserver.NONE;

    /** @param maxChunkBytes about how large one snapshot chunk may grow (it holds at least one key) */
    public ReplicatedState(int maxChunkBytes) {
        this.maxChunkBytes = maxChunkBytes;
    }

    public void observeLocks(LockObserver lockObserver) {
        this.observer = lockObserver;
    }

    @Override
    public Object runOperation(long commitIndex, Object operation) {
        if (!(operation instanceof Operation op)) {
            throw new IllegalArgumentException("not a consensus operation: " + operation);
        }
        return apply(commitIndex, op);
    }

    private Result apply(long index, Operation op) {
        if (op instanceof Operation.Once once) {
            CallKey key = new CallKey(once.caller(), once.callId());
            Result earlier = answers.get(key);
            if (earlier != null) {
                return earlier;
            }
            Result result = apply(index, once.write());
            remember(key, result);
            return result;
        }
        if (op instanceof Operation.Put put) {
            map.put(put.key(), new Entry(put.value().clone(), index));
            return new Result.Written(index);
        } else if (op instanceof Operation.Delete delete) {
            return new Result.Deleted(map.remove(delete.key()) != null);
        } else if (op instanceof Operation.CompareAndSet cas) {
            Entry current = map.get(cas.key());
            if (current == null) {
                return new Result.NotFound();
            }
            if (current.version() != cas.expectedVersion()) {
                return new Result.Mismatch(current.version());
            }
            map.put(cas.key(), new Entry(cas.value().clone(), index));
            return new Result.Written(index);
        } else if (op instanceof Operation.Get get) {
            Entry e = map.get(get.key());
            return e == null ? new Result.NotFound() : new Result.Found(e.value().clone(), e.version());
        } else if (op instanceof Operation.Acquire acquire) {
            Lock held = locks.get(acquire.name());
            if (held != null) {
                return new Result.Held(held.holder(), held.token());
            }
            locks.put(acquire.name(), new Lock(acquire.holder(), index));
            observer.granted(acquire.name(), index);
            return new Result.Granted(index);
        } else if (op instanceof Operation.Release release) {
            return new Result.Released(free(release.name(), release.token()));
        } else if (op instanceof Operation.Expire expire) {
            free(expire.name(), expire.token());
            return new Result.Applied();
        } else if (op instanceof Operation.LockInfo info) {
            Lock held = locks.get(info.name());
            return held == null ? new Result.Free() : new Result.Held(held.holder(), held.token());
        } else if (op instanceof Operation.NewTerm) {
            for (String name : List.copyOf(locks.keySet())) {
                locks.remove(name);
                observer.freed(name);
            }
            return new Result.Applied();
        }
        // Renewals are answered by the leader and never logged; one found in the log changes nothing.
        return new Result.Applied();
    }

    private void remember(CallKey key, Result result) {
        answers.put(key, result);
        if (answers.size() > REMEMBERED_ANSWERS) {
            answers.remove(answers.keySet().iterator().next());
        }
    }

    private boolean free(String name, long token) {
        Lock held = locks.get(name);
        if (held == null || held.token() != token) {
            return false;
        }
        locks.remove(name);
        observer.freed(name);
        return true;
    }

    @Override
    public void takeSnapshot(long commitIndex, Consumer<Object> chunks) {
        List<SnapshotPart.LockRecord> lockRecords = new ArrayList<>();
        locks.forEach((name, lock) -> lockRecords.add(new SnapshotPart.LockRecord(name, lock.holder(), lock.token())));
        List<SnapshotPart.AnswerRecord> answerRecords = new ArrayList<>();
        answers.forEach((k, result) -> answerRecords.add(new SnapshotPart.AnswerRecord(k.caller(), k.callId(), result)));
        List<SnapshotPart.KeyRecord> part = new ArrayList<>();
        int bytes = 0;
        boolean first = true;
        for (Map.Entry<String, Entry> e : map.entrySet()) {
            int size = e.getValue().value().length + e.getKey().length() * 4 + 16;
            if (!part.isEmpty() && bytes + size > maxChunkBytes) {
                chunks.accept(new SnapshotPart(part, first ? lockRecords : List.of(), first ? answerRecords : List.of()));
                first = false;
                part = new ArrayList<>();
                bytes = 0;
            }
            part.add(new SnapshotPart.KeyRecord(e.getKey(), e.getValue().value(), e.getValue().version()));
            bytes += size;
        }
        // Always one chunk at least (MicroRaft needs one), carrying the locks and answers if no key did.
        if (!part.isEmpty() || first) {
            chunks.accept(new SnapshotPart(part, first ? lockRecords : List.of(), first ? answerRecords : List.of()));
        }
    }

    @Override
    public void installSnapshot(long commitIndex, List<Object> chunks) {
        map.clear();
        answers.clear();
        for (String name : List.copyOf(locks.keySet())) {
            locks.remove(name);
            observer.freed(name);
        }
        for (Object chunk : chunks) {
            SnapshotPart part = (SnapshotPart) chunk;
            for (SnapshotPart.KeyRecord k : part.keys()) {
                map.put(k.key(), new Entry(k.value(), k.version()));
            }
            for (SnapshotPart.AnswerRecord a : part.answers()) {
                answers.put(new CallKey(a.caller(), a.callId()), a.result());
            }
            for (SnapshotPart.LockRecord l : part.locks()) {
                locks.put(l.name(), new Lock(l.holder(), l.token()));
                observer.granted(l.name(), l.token());
            }
        }
    }

    @Override
    public Object getNewTermOperation() {
        return new Operation.NewTerm();
    }

    /** Number of keys, for status and tests. */
    public int size() {
        return map.size();
    }
}
