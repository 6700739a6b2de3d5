package io.pekonode.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyFileTest {

    @Test
    void firstKeyIsPrimaryCommentsAndBlanksAreIgnored() {
        ClusterKey first = ClusterKey.generate();
        ClusterKey second = ClusterKey.generate();
        Keyring ring = KeyFile.parse("# cluster keys\n\n  " + first.toBase64() + "  \r\n# old one\n" + second.toBase64() + "\n");
        assertEquals(List.of(first.id(), second.id()), ring.ids());
        assertEquals(first, ring.primary());
    }

    @Test
    void passphraseLinesDeriveTheSameKeyAsTheApi() {
        Keyring ring = KeyFile.parse("passphrase:  my Go SecretKey  \n");
        assertEquals(ClusterKey.fromPassphrase("my Go SecretKey"), ring.primary());
    }

    @Test
    void malformedContentNamesTheLineButNotItsText() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[20]);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> KeyFile.parse("# header\n" + ClusterKey.generate().toBase64() + "\n" + shortKey + "\n"));
        assertTrue(size.getMessage().startsWith("line 3:"), size.getMessage());
        assertTrue(size.getMessage().contains("not 20"), size.getMessage());
        assertFalse(size.getMessage().contains(shortKey));

        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class, () -> KeyFile.parse("hunter2 is my password"));
        assertTrue(garbage.getMessage().startsWith("line 1:"), garbage.getMessage());
        assertFalse(garbage.getMessage().contains("hunter2"));

        assertThrows(IllegalArgumentException.class, () -> KeyFile.parse("# nothing\n\n"));
        assertThrows(IllegalArgumentException.class, () -> KeyFile.parse("passphrase:   "));
    }
}
