package io.pekonode.agent.http;

/** What an API token allows: {@code write} includes {@code read}. */
public enum Scope {
    READ, WRITE;

    public boolean allows(Scope needed) {
        return this == WRITE || needed == READ;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
