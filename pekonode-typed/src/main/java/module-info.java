/**
 * Typed messaging over any {@link io.pekonode.api.Cluster}: the user's records as JSON through
 * Jackson databind. It uses the API alone, so it works the same on a real node and on the test
 * kit's fake.
 *
 * <p>Its API shows {@code Cluster} and {@code ObjectMapper}, hence the transitive requires. User
 * classes read here live in the user's module, which must export (or open) their package to
 * {@code com.fasterxml.jackson.databind}; nothing here needs opening.
 */
module io.pekonode.typed {
    requires transitive io.pekonode.api;
    requires transitive com.fasterxml.jackson.databind;

    exports io.pekonode.typed;
}
