package io.pekonode.engine.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable set of cluster keys: the {@linkplain #primary() primary} one seals outgoing frames,
 * all of them open incoming ones. Rotation without downtime is three steps, each done on every node
 * before the next starts: {@link #withKey install} the new key, {@link #withPrimary make it primary},
 * {@link #without remove} the old one. Every method returns a new keyring; {@link WireSecurity}
 * holds the current one of a running node.
 *
 * <p>{@link #toString()} lists key ids only.
 */
public final class Keyring {

    private final List<ClusterKey> keys;

    private Keyring(List<ClusterKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** A keyring whose primary is {@code primary}, also accepting {@code others} (duplicates ignored). */
    public static Keyring of(ClusterKey primary, ClusterKey... others) {
        List<ClusterKey> all = new ArrayList<>();
        all.add(Objects.requireNonNull(primary, "primary"));
        for (ClusterKey k : others) {
            if (!all.contains(Objects.requireNonNull(k, "key"))) {
                all.add(k);
            }
        }
        return new Keyring(all);
    }

    /** A keyring from a list whose first key is the primary. @throws IllegalArgumentException when empty */
    public static Keyring of(List<ClusterKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a keyring needs at least one key");
        }
        return of(keys.get(0), keys.subList(1, keys.size()).toArray(new ClusterKey[0]));
    }

    /** The key that seals outgoing frames. */
    public ClusterKey primary() {
        return keys.get(0);
    }

    /** All keys, primary first. */
    public List<ClusterKey> keys() {
        return keys;
    }

    /** Ids of all keys, primary first. */
    public List<String> ids() {
        return keys.stream().map(ClusterKey::id).collect(Collectors.toUnmodifiableList());
    }

    /** The key with the wire id at {@code offset} of {@code frame}, if this keyring has it. */
    public Optional<ClusterKey> find(byte[] frame, int offset) {
        for (ClusterKey k : keys) {
            if (k.hasId(frame, offset)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The key with this {@link ClusterKey#id()}, if present. */
    public Optional<ClusterKey> find(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** This keyring plus {@code key}, accepted for opening; the primary stays. No change if already present. */
    public Keyring withKey(ClusterKey key) {
        Objects.requireNonNull(key, "key");
        if (keys.contains(key)) {
            return this;
        }
        List<ClusterKey> all = new ArrayList<>(keys);
        all.add(key);
        return new Keyring(all);
    }

    /**
     * This keyring with the installed key {@code id} as primary.
     *
     * @throws IllegalArgumentException when no key has that id (install it first)
     */
    public Keyring withPrimary(String id) {
        ClusterKey key = require(id);
        List<ClusterKey> all = new ArrayList<>(keys);
        all.remove(key);
        all.add(0, key);
        return new Keyring(all);
    }

    /**
     * This keyring without key {@code id}.
     *
     * @throws IllegalArgumentException when no key has that id
     * @throws IllegalStateException    when it is the primary (make another key primary first)
     */
    public Keyring without(String id) {
        ClusterKey key = require(id);
        if (key.equals(primary())) {
            throw new IllegalStateException("key " + id + " is the primary key; make another key primary before removing it");
        }
        List<ClusterKey> all = new ArrayList<>(keys);
        all.remove(key);
        return new Keyring(all);
    }

    private ClusterKey require(String id) {
        return find(Objects.requireNonNull(id, "id"))
                .orElseThrow(() -> new IllegalArgumentException("no key with id " + id + " in " + this));
    }

    @Override
    public String toString() {
        return "Keyring[primary=" + primary().id() + ", keys=" + ids() + "]";
    }
}
