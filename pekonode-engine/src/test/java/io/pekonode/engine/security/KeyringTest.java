package io.pekonode.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyringTest {

    private final ClusterKey a = ClusterKey.generate();
    private final ClusterKey b = ClusterKey.generate();

    @Test
    void rotationInstallsUsesAndRemovesWithoutChangingOldSnapshots() {
        Keyring start = Keyring.of(a);
        Keyring installed = start.withKey(b);
        assertEquals(a, installed.primary(), "installing does not change the primary");
        assertEquals(List.of(a.id(), b.id()), installed.ids());
        Keyring used = installed.withPrimary(b.id());
        assertEquals(b, used.primary());
        Keyring removed = used.without(a.id());
        assertEquals(List.of(b.id()), removed.ids());
        assertEquals(List.of(a.id()), start.ids(), "snapshots are immutable");
        assertSame(installed, installed.withKey(b), "installing twice is a no-op");
    }

    @Test
    void thePrimaryCannotBeRemovedAndUnknownIdsAreErrors() {
        Keyring ring = Keyring.of(a, b);
        assertThrows(IllegalStateException.class, () -> ring.without(a.id()));
        assertThrows(IllegalArgumentException.class, () -> ring.withPrimary("0000000000000000"));
        assertThrows(IllegalArgumentException.class, () -> ring.without("0000000000000000"));
        assertThrows(IllegalArgumentException.class, () -> Keyring.of(List.of()));
    }

    @Test
    void toStringHasKeyIdsButNoKeyBytes() {
        Keyring ring = Keyring.of(a, b);
        String text = ring.toString() + WireSecurity.of(ring);
        assertTrue(text.contains(a.id()) && text.contains(b.id()), text);
        for (ClusterKey k : List.of(a, b)) {
            assertFalse(text.contains(k.toBase64()), text);
            assertFalse(text.contains(k.toBase64().substring(0, 10)), text);
        }
    }

    @Test
    void wireSecurityAppliesChangesToTheRunningKeyring() {
        WireSecurity security = WireSecurity.builder(Keyring.of(a)).label("prod").build();
        security.install(b);
        security.use(b.id());
        security.remove(a.id());
        assertEquals(List.of(b.id()), security.keyring().ids());
        assertEquals("prod", security.label().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> WireSecurity.builder(Keyring.of(a)).label("x".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> WireSecurity.builder(Keyring.of(a)).label(""));
    }
}
