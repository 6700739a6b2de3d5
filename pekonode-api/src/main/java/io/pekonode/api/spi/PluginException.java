package io.pekonode.api.spi;

import java.util.Objects;

/**
 * The configured plugin could not be chosen: no provider answers to its name
 * ({@link PluginNotFoundException}), or several do ({@link DuplicatePluginException}). Thrown when a
 * node is built, before anything binds; the message lists what discovery found, so it can be shown
 * to an operator as it is.
 *
 * <p>An {@link IllegalStateException}: the fix is in the deployment (a jar to add, remove or
 * repair, a name to correct), not in the calling code.
 */
public abstract sealed class PluginException extends IllegalStateException
        permits PluginNotFoundException, DuplicatePluginException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String requestedName;

    protected PluginException(String kind, String requestedName, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.requestedName = Objects.requireNonNull(requestedName, "requestedName");
    }

    /** The plugin family: {@code "transport"}, {@code "codec"} or {@code "discovery"}. */
    public String kind() {
        return kind;
    }

    /** The name the configuration asked for. */
    public String requestedName() {
        return requestedName;
    }
}
