package io.pekonode.engine.persistence;

import java.io.IOException;

/**
 * A state file that cannot be trusted: wrong magic, truncated, checksum mismatch, malformed body, or
 * written by a newer format version this code does not know ({@link #newerVersion()}).
 */
public final class StateFormatException extends IOException {
    private final boolean newerVersion;

    StateFormatException(String message, boolean newerVersion) {
        super(message);
        this.newerVersion = newerVersion;
    }

    StateFormatException(String message) {
        this(message, false);
    }

    /** True when the file looked intact but carries a format version above the one this code reads. */
    public boolean newerVersion() {
        return newerVersion;
    }
}
