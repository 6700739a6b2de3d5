package io.pekonode.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClusterKeyTest {

    @Test
    void acceptsTheThreeAesSizesInBase64AndRejectsOthers() {
        for (int size : new int[] {16, 24, 32}) {
            ClusterKey key = ClusterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[size]));
            assertEquals(size, key.size());
            assertEquals(16, key.id().length());
        }
        for (int size : new int[] {0, 8, 15, 17, 31, 33, 64}) {
            String text = Base64.getEncoder().encodeToString(new byte[size]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterKey.fromBase64(text));
            assertTrue(e.getMessage().contains("not " + size), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterKey.fromBase64("not base64 at all!"));
        assertFalse(e.getMessage().contains("at all"), "the error must not echo the (maybe secret) text");
    }

    @Test
    void base64RoundTripsAndTheIdDependsOnTheKeyOnly() {
        ClusterKey key = ClusterKey.generate();
        ClusterKey again = ClusterKey.fromBase64("  " + key.toBase64() + "\n");
        assertEquals(key, again);
        assertEquals(key.id(), again.id());
        assertNotEquals(key.id(), ClusterKey.generate().id());
    }

    @Test
    void passphraseDerivationIsDeterministicAndAes256() {
        ClusterKey a = ClusterKey.fromPassphrase("correct horse battery staple");
        ClusterKey b = ClusterKey.fromPassphrase("correct horse battery staple");
        assertEquals(a.toBase64(), b.toBase64(), "every node derives the same key");
        assertEquals(32, a.size());
        assertNotEquals(a.id(), ClusterKey.fromPassphrase("correct horse battery stapler").id());
        assertThrows(IllegalArgumentException.class, () -> ClusterKey.fromPassphrase(""));
    }

    @Test
    void toStringShowsTheIdButNoKeyMaterial() {
        ClusterKey key = ClusterKey.generate();
        String text = key.toString();
        assertTrue(text.contains(key.id()));
        assertFalse(text.contains(key.toBase64()));
        assertFalse(text.contains(key.toBase64().substring(0, 8)));
    }
}
