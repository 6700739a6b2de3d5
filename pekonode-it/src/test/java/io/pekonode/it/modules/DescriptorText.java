package io.pekonode.it.modules;

import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Renders a module's boundary the way {@code jar --describe-module} does, minus what changes without
 * the boundary changing: versions (of the module and of the JDK it was compiled against) and the
 * {@code contains} lines for internal packages. Every line is sorted so the text is stable.
 */
final class DescriptorText {

    private DescriptorText() {
    }

    static List<String> render(ModuleDescriptor descriptor) {
        List<String> lines = new ArrayList<>();
        lines.add(descriptor.name() + modifiers(descriptor.modifiers()));
        descriptor.exports().stream()
                .sorted(Comparator.comparing(ModuleDescriptor.Exports::source))
                .forEach(e -> lines.add(qualified("exports", e.source(), e.targets())
                        + modifiers(e.modifiers())));
        descriptor.opens().stream()
                .sorted(Comparator.comparing(ModuleDescriptor.Opens::source))
                .forEach(o -> lines.add(qualified("opens", o.source(), o.targets()) + modifiers(o.modifiers())));
        descriptor.requires().stream()
                .sorted(Comparator.comparing(ModuleDescriptor.Requires::name))
                .forEach(r -> lines.add("requires " + r.name() + modifiers(r.modifiers())));
        descriptor.uses().stream().sorted().forEach(service -> lines.add("uses " + service));
        descriptor.provides().stream()
                .sorted(Comparator.comparing(ModuleDescriptor.Provides::service))
                // Provider order is kept: it is the order ServiceLoader returns them in.
                .forEach(p -> lines.add("provides " + p.service() + " with " + String.join(" ", p.providers())));
        return lines;
    }

    private static String qualified(String keyword, String pkg, Set<String> targets) {
        return targets.isEmpty() ? keyword + " " + pkg
                : "qualified " + keyword + " " + pkg + " to " + String.join(" ", new TreeSet<>(targets));
    }

    /** Lower-case modifier names after the subject, as {@code jar} prints them ("transitive static"). */
    private static String modifiers(Set<? extends Enum<?>> modifiers) {
        if (modifiers.isEmpty()) {
            return "";
        }
        return modifiers.stream()
                .map(m -> m.name().toLowerCase(Locale.ROOT))
                .sorted()
                .collect(Collectors.joining(" ", " ", ""));
    }
}
