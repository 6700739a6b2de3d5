package io.pekonode.engine.core.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The open-addressing index must behave exactly like a HashMap keyed by id. */
class EntryIndexTest {

    private static MemberEntry entry(String id) {
        return new MemberEntry(new Member(id, id, new NodeAddress("h", 1), Map.of(), MemberState.ALIVE, 0), 0);
    }

    @Test
    void randomPutsRemovesAndGetsAgreeWithAHashMap() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            EntryIndex index = new EntryIndex();
            Map<String, MemberEntry> expected = new HashMap<>();
            // A small key space forces collisions, replacements and deletions inside probe runs.
            int keySpace = 1 + random.nextInt(2_000);
            for (int op = 0; op < 20_000; op++) {
                String id = "n" + random.nextInt(keySpace);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        MemberEntry e = entry(id);
                        index.put(e);
                        expected.put(id, e);
                    }
                    case 1 -> {
                        index.remove(id);
                        expected.remove(id);
                    }
                    default -> assertSame(expected.get(id), index.get(id), "get " + id + " seed " + seed);
                }
            }
            assertEquals(expected.size(), index.size(), "size, seed " + seed);
            assertEquals(new HashSet<>(expected.values()), new HashSet<>(index), "contents, seed " + seed);
            for (String id : expected.keySet()) {
                assertSame(expected.get(id), index.get(id));
            }
        }
    }
}
