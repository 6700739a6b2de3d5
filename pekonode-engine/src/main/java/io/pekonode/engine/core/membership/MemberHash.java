package io.pekonode.engine.core.membership;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.pekonode.api.Member;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 64-bit hash of one member record as a node holds it. A member table's hash is the wrapping sum
 * of its records' hashes, so it does not depend on order, and two nodes whose tables hold the same
 * records compute the same value.
 *
 * <p>Like the metadata digest's line hash, this is part of the protocol: MurmurHash3 x64 128 with
 * seed 0 (low 64 bits) over every field of the record, each string as its length in UTF-16 units and
 * its units, tags in key order, the state by name. Two PekoNode versions that hashed differently would
 * only lose the cheap path: their summaries never match, so every exchange between them runs in
 * full.
 */
final class MemberHash {

    private static final HashFunction MURMUR = Hashing.murmur3_128();

    private MemberHash() {
    }

    static long of(Member m) {
        Hasher h = MURMUR.newHasher();
        text(h, m.id());
        text(h, m.name());
        text(h, m.address().host());
        h.putInt(m.address().port());
        text(h, m.state().name());
        h.putLong(m.incarnation());
        h.putInt(m.tags().size());
        for (Map.Entry<String, String> tag : new TreeMap<>(m.tags()).entrySet()) {
            text(h, tag.getKey());
            text(h, tag.getValue());
        }
        return h.hash().asLong();
    }

    private static void text(Hasher h, String s) {
        h.putInt(s.length()).putUnencodedChars(s);
    }
}
