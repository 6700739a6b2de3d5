package io.pekonode.api.spi.discovery;

/**
 * Creates discovery sources; found with {@link java.util.ServiceLoader} and selected by the scheme
 * of a discovery URI ({@code dns:}, {@code dns+srv:}, {@code etcd:}). Two providers of one scheme on
 * a module or class path are an error the engine reports, as for transports.
 */
public interface DiscoveryProvider {

    /** The URI scheme this provider answers to, lower case, such as {@code dns} or {@code etcd}. */
    String scheme();

    /** One line for error messages and logs. */
    default String description() {
        return getClass().getName();
    }

    /**
     * Creates a source for {@code target}, checking its syntax now; nothing is contacted yet.
     *
     * @throws IllegalArgumentException when the target cannot be understood: the message says what is
     *                                  wrong and shows the expected form
     */
    Discovery create(DiscoveryTarget target);
}
