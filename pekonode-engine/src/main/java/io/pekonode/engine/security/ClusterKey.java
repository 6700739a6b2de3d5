package io.pekonode.engine.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES key of the cluster, with its public {@linkplain #id() key id}.
 *
 * <p>Keys come from one of two sources:
 * <ul>
 *   <li>{@link #fromBase64}: 16, 24 or 32 random bytes in base64 (AES-128, -192 or -256). This is the
 *       recommended form; {@link #generate()} makes one.</li>
 *   <li>{@link #fromPassphrase}: for users of Go PekoNode's {@code SecretKey} string. The passphrase
 *       is stretched with <b>PBKDF2WithHmacSHA256, {@value #PBKDF2_ITERATIONS} iterations, the fixed
 *       salt {@value #PBKDF2_SALT}</b>, into 32 bytes (AES-256). The salt is fixed on purpose: every
 *       node must derive the same key from the same passphrase with no coordination, and a per-node
 *       random salt would have to be distributed as a secret anyway. The price is that precomputed
 *       guesses work against every PekoNode cluster, so a passphrase must be long and random; the
 *       iteration count only slows guessing down.</li>
 * </ul>
 *
 * <p>The key id is the first 8 bytes of SHA-256 over the key, written as 16 hex digits. It travels in
 * every sealed frame so the receiver picks the right key without trial decryption; it reveals nothing
 * usable about a random key. {@link #toString()} shows only the id and size, never key material.
 */
public final class ClusterKey {

    /** Salt of {@link #fromPassphrase}: fixed and public, see the class comment. */
    public static final String PBKDF2_SALT = "io.pekonode.cluster-key.v1";
    /** Iterations of {@link #fromPassphrase} (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
    public static final int PBKDF2_ITERATIONS = 210_000;
    /** Bytes of a key id. */
    public static final int ID_BYTES = 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final byte[] id;
    private final String idHex;
    private final int size;

    private ClusterKey(byte[] material) {
        if (material.length != 16 && material.length != 24 && material.length != 32) {
            throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, not " + material.length);
        }
        this.key = new SecretKeySpec(material, "AES");
        this.id = Arrays.copyOf(sha256(material), ID_BYTES);
        this.idHex = HexFormat.of().formatHex(id);
        this.size = material.length;
    }

    /** A key from raw bytes (copied). @throws IllegalArgumentException unless 16, 24 or 32 bytes */
    public static ClusterKey of(byte[] material) {
        return new ClusterKey(Objects.requireNonNull(material, "material").clone());
    }

    /**
     * A key from its base64 form (standard alphabet, padding optional, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for text that is not base64 or not 16, 24 or 32 bytes; the
     *                                  message never repeats the text
     */
    public static ClusterKey fromBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a key must be base64 of 16, 24 or 32 bytes: the text is not valid base64");
        }
        try {
            return new ClusterKey(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * A 32-byte key derived from a passphrase, identical on every node (see the class comment).
     *
     * @throws IllegalArgumentException for an empty passphrase
     */
    public static ClusterKey fromPassphrase(String passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.isEmpty()) {
            throw new IllegalArgumentException("the passphrase is empty");
        }
        char[] chars = passphrase.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, PBKDF2_SALT.getBytes(StandardCharsets.UTF_8), PBKDF2_ITERATIONS, 256);
        try {
            byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            try {
                return new ClusterKey(raw);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime must provide PBKDF2WithHmacSHA256.
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** A new random AES-256 key; {@link #toBase64()} gives the form to distribute. */
    public static ClusterKey generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return new ClusterKey(raw);
    }

    /** The public key id, 16 hex digits. */
    public String id() {
        return idHex;
    }

    /** Key size in bytes: 16, 24 or 32. */
    public int size() {
        return size;
    }

    /** The key material in base64, to write into a key file. Handle with care. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** The key id as it appears on the wire (a copy). */
    public byte[] idBytes() {
        return id.clone();
    }

    /** True when {@code wireId} (at {@code offset}, {@link #ID_BYTES} long) is this key's id. */
    public boolean hasId(byte[] wireId, int offset) {
        return Arrays.equals(id, 0, ID_BYTES, wireId, offset, offset + ID_BYTES);
    }

    /** For the cipher only. */
    public SecretKeySpec secretKey() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        // Equal ids mean equal keys (up to a 64-bit collision), and comparing ids leaks no timing about key bytes.
        return o instanceof ClusterKey other && idHex.equals(other.idHex);
    }

    @Override
    public int hashCode() {
        return idHex.hashCode();
    }

    @Override
    public String toString() {
        return "ClusterKey[" + idHex + ", AES-" + (size * 8) + "]";
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
