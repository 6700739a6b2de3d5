package io.pekonode.api.spi;

import java.util.List;

/**
 * Several providers answer to the configured name. Picking one would depend on jar order, so the
 * engine refuses; the message names each provider and where it came from.
 */
public final class DuplicatePluginException extends PluginException {

    private static final long serialVersionUID = 1L;

    private final List<String> providers;

    /** @param providers one description per provider claiming the name: class and module or jar */
    public DuplicatePluginException(String kind, String requestedName, String message, List<String> providers) {
        super(kind, requestedName, message);
        this.providers = List.copyOf(providers);
    }

    /** The providers claiming the name, each with its class and module or jar. */
    public List<String> providers() {
        return providers;
    }
}
