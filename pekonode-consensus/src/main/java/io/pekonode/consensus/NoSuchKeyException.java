package io.pekonode.consensus;

/** A compare-and-set named a key that is not in the map; use {@code put} to create it. */
public final class NoSuchKeyException extends ConsensusException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public NoSuchKeyException(String key) {
        super("no such key: '" + key + "'; compare-and-set needs an existing key (create it with put)");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
