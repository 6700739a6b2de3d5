package io.pekonode.api;

/** A value, tag set or message is larger than the configured limit; nothing was sent or stored. */
public final class PayloadTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int limit;

    public PayloadTooLargeException(String what, int size, int limit) {
        super(what + " is " + size + " bytes, over the limit of " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    public int size() {
        return size;
    }

    public int limit() {
        return limit;
    }
}
