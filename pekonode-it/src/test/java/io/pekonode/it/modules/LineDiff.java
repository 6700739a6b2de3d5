package io.pekonode.it.modules;

import java.util.ArrayList;
import java.util.List;

/** A minimal line diff (longest common subsequence) for readable assertion messages. */
final class LineDiff {

    private LineDiff() {
    }

    /** Lines only in {@code expected} get "- ", lines only in {@code actual} get "+ ", shared ones "  ". */
    static String diff(List<String> expected, List<String> actual) {
        int[][] common = new int[expected.size() + 1][actual.size() + 1];
        for (int i = expected.size() - 1; i >= 0; i--) {
            for (int j = actual.size() - 1; j >= 0; j--) {
                common[i][j] = expected.get(i).equals(actual.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < expected.size() || j < actual.size()) {
            if (i < expected.size() && j < actual.size() && expected.get(i).equals(actual.get(j))) {
                out.add("  " + expected.get(i++));
                j++;
            } else if (j < actual.size() && (i == expected.size() || common[i][j + 1] >= common[i + 1][j])) {
                out.add("+ " + actual.get(j++));
            } else {
                out.add("- " + expected.get(i++));
            }
        }
        return String.join("\n", out);
    }
}
