package io.pekonode.api.spi.transport;

/**
 * Creates transports; found with {@link java.util.ServiceLoader} and selected by {@link #name()}.
 * Two providers with the same name on one module or class path are an error the engine reports.
 */
public interface TransportProvider {

    /** Stable lower-case name users put in their config, such as {@code udp} or {@code tcp}. */
    String name();

    /** One line for error messages and logs. */
    default String description() {
        return getClass().getName();
    }

    /** Creates an unstarted transport. */
    Transport create(TransportConfig config);
}
