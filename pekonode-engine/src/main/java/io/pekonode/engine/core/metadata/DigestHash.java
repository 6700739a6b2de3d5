package io.pekonode.engine.core.metadata;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import io.pekonode.api.HlcTimestamp;

/**
 * The 64-bit hash of one (key, version) digest line. A digest's hash is the wrapping sum of its
 * lines' hashes: order-independent, and updatable in O(1) when one line changes (subtract the old,
 * add the new).
 *
 * <p>Every node must compute the same value for the same line, so this is part of the protocol:
 * MurmurHash3 x64 128 with seed 0 (low 64 bits) over the key's length in UTF-16 units and its units
 * (little-endian, as Guava's {@code putUnencodedChars}; unlike UTF-8 this cannot fail on an
 * unpaired surrogate from a hostile peer), then the version's physical millis, logical counter and
 * node id the same way. The length prefixes make the encoding unambiguous, so two different lines
 * never feed the hash the same bytes. Were two PekoNode versions ever to disagree here, anti-entropy
 * would merely fall back to comparing the full version lists: still correct, only less cheap.
 */
final class DigestHash {

    private static final HashFunction MURMUR = Hashing.murmur3_128();

    private DigestHash() {
    }

    static long of(String key, HlcTimestamp version) {
        return MURMUR.newHasher()
                .putInt(key.length())
                .putUnencodedChars(key)
                .putLong(version.physicalMillis())
                .putInt(version.logical())
                .putInt(version.nodeId().length())
                .putUnencodedChars(version.nodeId())
                .hash()
                .asLong();
    }
}
