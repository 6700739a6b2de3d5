package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeIdsTest {

    @Test
    void generatedIdsAre16UrlSafeCharactersCarrying96RandomBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = NodeIds.random();
            assertTrue(id.matches("[A-Za-z0-9_-]{16}"), id);
            assertEquals(12, Base64.getUrlDecoder().decode(id).length, id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size(), "no two ids alike");
    }
}
