package io.pekonode.engine.plugin;

import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;

/**
 * A provider found by discovery (or given explicitly), with where it came from, so error messages
 * can tell the user which jar to remove or add.
 */
public record FoundProvider<P>(String name, P provider) {

    public FoundProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
    }

    /** {@code "udp (com.x.UdpProvider in module com.x)"} or {@code "... in /path/x.jar"}. */
    public String describe() {
        return name + " (" + provider.getClass().getName() + " in " + origin(provider.getClass()) + ")";
    }

    static String origin(Class<?> type) {
        Module module = type.getModule();
        if (module.isNamed()) {
            return "module " + module.getName();
        }
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            return location == null ? "the class path" : location.getPath();
        } catch (SecurityException e) {
            return "the class path";
        }
    }
}
