package io.pekonode.engine.plugin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds names close to a misspelt one, for "did you mean" hints: the same name in another case
 * first, then names within a small edit distance (a letter wrong, missing, extra, or two swapped).
 * Short names allow one edit only, so {@code udp} and {@code tcp} (two apart) are not confused.
 */
final class NameMatcher {

    private NameMatcher() {
    }

    /** The names in {@code candidates} close to {@code wanted}, closest first, without duplicates. */
    static List<String> closeTo(String wanted, List<String> candidates) {
        String target = wanted.toLowerCase(Locale.ROOT);
        int allowed = target.length() <= 4 ? 1 : 2;
        record Scored(String name, int distance) {
        }
        List<Scored> close = new ArrayList<>();
        for (String candidate : candidates.stream().distinct().toList()) {
            if (candidate.equals(wanted)) {
                continue;
            }
            int distance = distance(target, candidate.toLowerCase(Locale.ROOT));
            if (distance <= allowed) {
                close.add(new Scored(candidate, distance));
            }
        }
        close.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        return close.stream().map(Scored::name).toList();
    }

    /** Edits (insert, delete, replace, swap of neighbours) turning {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
