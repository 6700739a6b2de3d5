package io.pekonode.engine.plugin;

/** The configured plugin name matches no provider found. The message lists what was found and the jar to add. */
public final class PluginNotFoundException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public PluginNotFoundException(String message) {
        super(message);
    }
}
