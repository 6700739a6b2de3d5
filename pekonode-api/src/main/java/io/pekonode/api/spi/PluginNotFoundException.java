package io.pekonode.api.spi;

import java.util.List;

/**
 * No provider answers to the configured name. The message lists every provider found (with its
 * module or jar), close matches of the name, the providers that failed to load with their causes,
 * and the jar to add. A provider that failed to load may well be the one asked for: its name is
 * unknown because it could not be instantiated.
 */
public final class PluginNotFoundException extends PluginException {

    private static final long serialVersionUID = 1L;

    private final List<String> suggestions;
    private final List<String> loadFailures;

    /**
     * @param suggestions  names found that are close to the requested one (other case, a typo)
     * @param loadFailures one line per provider that failed to load, naming its class and the cause
     */
    public PluginNotFoundException(String kind, String requestedName, String message, List<String> suggestions,
                                   List<String> loadFailures) {
        super(kind, requestedName, message);
        this.suggestions = List.copyOf(suggestions);
        this.loadFailures = List.copyOf(loadFailures);
    }

    /** Names of found providers close to the requested one, best first; empty when none is close. */
    public List<String> suggestions() {
        return suggestions;
    }

    /** Providers of this kind that failed to load, each with its cause; empty when all loaded. */
    public List<String> loadFailures() {
        return loadFailures;
    }
}
