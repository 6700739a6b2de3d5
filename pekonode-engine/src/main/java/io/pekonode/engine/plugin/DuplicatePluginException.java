package io.pekonode.engine.plugin;

/**
 * Several providers answer to the configured name. Picking one would depend on jar order, so the
 * engine refuses; the message names each provider and where it came from.
 */
public final class DuplicatePluginException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DuplicatePluginException(String message) {
        super(message);
    }
}
