package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPathTest {

    @Test
    void encodeThenDecodeIsTheIdentityForAnyKey() {
        for (String key : List.of("", "plain", "a/b/c", "a b+c", "été/日本", "100%", "?#&=", "~._-")) {
            String encoded = KeyPath.encode(key);
            assertEquals(key, KeyPath.decode(encoded), encoded);
            assertEquals(-1, encoded.indexOf('/'), "slashes are escaped so the key stays one remainder");
        }
    }

    @Test
    void decodeKeepsPlusAndRawSlashes() {
        assertEquals("a+b/c", KeyPath.decode("a+b/c"));
        assertEquals("a/b", KeyPath.decode("a%2fb"));
    }

    @Test
    void malformedEscapesAndNonUtf8AreRejectedWithTheKeyInTheMessage() {
        assertEquals("truncated %-escape in key 'ab%2'",
                assertThrows(IllegalArgumentException.class, () -> KeyPath.decode("ab%2")).getMessage());
        assertEquals("bad %-escape in key '%zz'",
                assertThrows(IllegalArgumentException.class, () -> KeyPath.decode("%zz")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyPath.decode("%C3"));
    }
}
