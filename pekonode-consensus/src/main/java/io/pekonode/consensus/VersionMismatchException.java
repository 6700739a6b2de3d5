package io.pekonode.consensus;

/** A compare-and-set lost: the key's version is not the expected one. Nothing was written. */
public final class VersionMismatchException extends ConsensusException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final long expected;
    private final long current;

    public VersionMismatchException(String key, long expected, long current) {
        super("key '" + key + "' is at version " + current + ", not the expected " + expected);
        this.key = key;
        this.expected = expected;
        this.current = current;
    }

    public String key() {
        return key;
    }

    public long expectedVersion() {
        return expected;
    }

    /** The version the key had when the compare-and-set was applied. */
    public long currentVersion() {
        return current;
    }
}
