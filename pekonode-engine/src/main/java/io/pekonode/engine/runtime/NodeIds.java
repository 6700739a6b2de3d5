package io.pekonode.engine.runtime;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generated node ids: 128 random bits as 22 characters of unpadded base64url. As unique as a random
 * UUID (which has 122 random bits) in 14 fewer characters; every probe carries two ids and every ack
 * one, so the shorter text is a tenth of the idle traffic.
 */
public final class NodeIds {

    private static final int BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private NodeIds() {
    }

    /** A fresh random id, 22 characters from {@code A-Z a-z 0-9 - _}. */
    public static String random() {
        byte[] bits = new byte[BYTES];
        RANDOM.nextBytes(bits);
        return BASE64URL.encodeToString(bits);
    }
}
