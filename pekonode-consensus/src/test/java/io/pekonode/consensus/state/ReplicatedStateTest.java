package io.pekonode.consensus.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pekonode.consensus.wire.RaftCodec;
import io.pekonode.consensus.wire.WireLimits;
import io.pekonode.consensus.wire.WireReader;
import io.pekonode.consensus.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answers remembered for map writes sent more than once, also across a snapshot and its install. */
class ReplicatedStateTest {

    private static final RaftCodec CODEC = new RaftCodec(new WireLimits(4 << 20, 512, 1024, 65536, 256, 1024, 30));

    private static Operation once(long callId, Operation write) {
        return new Operation.Once("n1", callId, write);
    }

    @Test
    void aCopyOfAWriteIsAnsweredWithTheFirstCopysResultAndChangesNothing() {
        ReplicatedState state = new ReplicatedState(1024);
        assertEquals(new Result.Written(5), state.runOperation(5, once(7, new Operation.Put("k", new byte[] {1}))));
        assertEquals(new Result.Written(5), state.runOperation(6, once(7, new Operation.Put("k", new byte[] {1}))));
        assertEquals(new Result.Found(new byte[] {1}, 5), state.runOperation(6, new Operation.Get("k")));
        // A compare-and-set applied once: its copy gets the success, not a mismatch against its own write.
        assertEquals(new Result.Written(8), state.runOperation(8, once(9, new Operation.CompareAndSet("k", 5, new byte[] {2}))));
        assertEquals(new Result.Written(8), state.runOperation(9, once(9, new Operation.CompareAndSet("k", 5, new byte[] {2}))));
        // Another call with the same operation is a write of its own.
        assertEquals(new Result.Written(10), state.runOperation(10, once(10, new Operation.Put("k", new byte[] {1}))));
    }

    @Test
    void theAnswersTravelInTheSnapshotSoANewMemberAnswersCopiesTheSameWay() throws Exception {
        ReplicatedState state = new ReplicatedState(64);
        for (int i = 1; i <= 20; i++) {
            state.runOperation(i, once(i, new Operation.Put("key" + i, new byte[100])));
        }
        state.runOperation(21, once(21, new Operation.Delete("key1")));
        List<Object> chunks = new ArrayList<>();
        state.takeSnapshot(21, chunks::add);
        List<Object> decoded = new ArrayList<>();
        for (Object chunk : chunks) {
            WireWriter w = new WireWriter();
            CODEC.writeOperation(w, chunk);
            decoded.add(CODEC.readOperation(new WireReader(w.toByteArray())));
        }
        assertEquals(chunks, decoded);
        ReplicatedState restored = new ReplicatedState(64);
        restored.installSnapshot(21, decoded);
        assertEquals(new Result.Written(3), restored.runOperation(22, once(3, new Operation.Put("key3", new byte[100]))));
        assertEquals(new Result.Deleted(true), restored.runOperation(23, once(21, new Operation.Delete("key1"))));
        assertEquals(19, restored.size());
    }

    @Test
    void onlyTheLatestAnswersAreRemembered() {
        ReplicatedState state = new ReplicatedState(1024);
        long index = 1;
        state.runOperation(index++, once(0, new Operation.Put("k", new byte[0])));
        for (int i = 1; i <= ReplicatedState.REMEMBERED_ANSWERS; i++) {
            state.runOperation(index++, once(i, new Operation.Delete("other")));
        }
        // The first call's answer was forgotten: a copy of it now is a write again.
        assertEquals(new Result.Written(index), state.runOperation(index, once(0, new Operation.Put("k", new byte[0]))));
        assertEquals(new Result.Deleted(false), state.runOperation(index + 1, once(1, new Operation.Delete("other"))));
    }

    @Test
    void aLogEntryWithACallIdSurvivesTheCodec() throws Exception {
        Operation op = once(42, new Operation.CompareAndSet("k", 3, new byte[] {9}));
        WireWriter w = new WireWriter();
        CODEC.writeOperation(w, op);
        assertEquals(op, CODEC.readOperation(new WireReader(w.toByteArray())));
    }
}
