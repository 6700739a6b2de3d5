package io.pekonode.it.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the code of one layer (a module, or a package tree inside one) may depend on, and why.
 *
 * <p>A reference is judged by where it points: our own modules ({@code io.pekonode}) must match an
 * allowed prefix and no denied one; the JDK ({@code java}, {@code javax}, {@code jdk}) is free but
 * for the denied prefixes; anything else is a library and must match an allowed one. Code patterns
 * catch what needs no import (threads, clocks, sleeps in {@code java.lang}).
 *
 * @param name      what the layer is, for messages
 * @param module    the module directory
 * @param packages  the package tree inside the module the layer covers
 * @param ours      prefixes of our packages it may use
 * @param notOurs   prefixes inside {@code ours} it still may not use
 * @param libraries prefixes of libraries it may use
 * @param jdkDenied prefixes of JDK packages it may not use
 * @param codeDenied code it may not contain, such as {@code System.nanoTime}
 * @param why       the reason, ending every message about this layer
 */
record Layer(String name, String module, String packages, List<String> ours, List<String> notOurs,
             List<String> libraries, List<String> jdkDenied, List<Pattern> codeDenied, String why) {

    static final String OURS = "io.pekonode.";
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "com.sun.", "sun.");

    /** A layer made of a whole module. */
    static Layer module(String name, String module, String rootPackage, List<String> ours, List<String> libraries,
                        String why) {
        return new Layer(name, module, rootPackage, ours, List.of(), libraries, List.of(), List.of(), why);
    }

    boolean covers(String module, String packageName) {
        return this.module.equals(module) && (packageName + ".").startsWith(packages + ".");
    }

    /** Why {@code reference} breaks this layer, if it does. */
    Optional<String> judge(String reference) {
        if (reference.startsWith(OURS)) {
            boolean allowed = matches(reference, ours) && !matches(reference, notOurs);
            return allowed ? Optional.empty() : Optional.of(name + " may use only " + String.join(", ", ours)
                    + (notOurs.isEmpty() ? "" : " (not " + String.join(", ", notOurs) + ")") + " of PekoNode");
        }
        if (matches(reference, JDK)) {
            return matches(reference, jdkDenied) ? Optional.of(name + " may not use " + String.join(", ", jdkDenied))
                    : Optional.empty();
        }
        return matches(reference, libraries) ? Optional.empty() : Optional.of(name + (libraries.isEmpty()
                ? " may use no library" : " may use only the libraries " + String.join(", ", libraries)));
    }

    /** The denied code patterns found in {@code source}, as references. */
    List<JavaSource.Reference> deniedCode(JavaSource source) {
        List<JavaSource.Reference> found = new ArrayList<>();
        for (Pattern pattern : codeDenied) {
            found.addAll(source.occurrences(pattern));
        }
        return found;
    }

    private static boolean matches(String reference, List<String> prefixes) {
        return prefixes.stream().anyMatch(prefix -> prefix.endsWith(".") ? reference.startsWith(prefix)
                : reference.equals(prefix) || reference.startsWith(prefix + "."));
    }
}
