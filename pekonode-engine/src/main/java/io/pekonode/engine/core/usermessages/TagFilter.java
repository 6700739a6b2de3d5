package io.pekonode.engine.core.usermessages;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides whether the local member answers a query: its id must be listed (when ids are given) and,
 * for every (tag, regex) of the filter, the member must have that tag with a value the regex matches
 * as a whole. A regex that does not compile, or is longer than {@link #MAX_REGEX_LENGTH}, matches
 * nothing: the query comes from the network and must never throw in the core.
 *
 * <p>Matching runs on the protocol thread with a regex chosen by a peer, so a pathological pattern
 * (catastrophic backtracking) could stall the node: each match may read the tag value at most
 * {@link #MAX_MATCH_STEPS} characters' worth, and a match over budget counts as no match.
 *
 * <p>Compiled patterns (and the fact that a regex is bad) are cached, at most {@code maxPatterns},
 * least recently used out first: a busy node sees the same few filters again and again.
 *
 * <p>Not thread-safe: the protocol core drives it from one thread.
 */
public final class TagFilter {
    public static final int DEFAULT_MAX_PATTERNS = 256;
    /** Longer expressions are refused rather than compiled: a filter is a short tag pattern. */
    public static final int MAX_REGEX_LENGTH = 1024;
    /** Character reads one match may make; ordinary tag patterns need a few hundred. */
    public static final int MAX_MATCH_STEPS = 200_000;

    private final int maxPatterns;
    private final LinkedHashMap<String, Optional<Pattern>> cache = new LinkedHashMap<>(16, 0.75f, true);

    public TagFilter(int maxPatterns) {
        if (maxPatterns < 1) {
            throw new IllegalArgumentException("maxPatterns must be >= 1: " + maxPatterns);
        }
        this.maxPatterns = maxPatterns;
    }

    /** True when a member with {@code selfId} and {@code tags} is addressed by {@code nodeIds} and {@code filter}. */
    public boolean matches(String selfId, Map<String, String> tags, List<String> nodeIds, Map<String, String> filter) {
        if (!nodeIds.isEmpty() && !nodeIds.contains(selfId)) {
            return false;
        }
        for (Map.Entry<String, String> f : filter.entrySet()) {
            String value = tags.get(f.getKey());
            if (value == null) {
                return false;
            }
            Optional<Pattern> pattern = compile(f.getValue());
            if (pattern.isEmpty() || !matchesWithinBudget(pattern.get(), value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesWithinBudget(Pattern pattern, String value) {
        try {
            return pattern.matcher(new BudgetedChars(value, MAX_MATCH_STEPS)).matches();
        } catch (BudgetExceeded | StackOverflowError e) {
            return false;
        }
    }

    /** Thrown (and caught above) when a match reads more characters than its budget allows. */
    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** A view of a string that counts every character read and gives up past a budget. */
    private static final class BudgetedChars implements CharSequence {
        private final String text;
        private final int[] remaining;

        BudgetedChars(String text, int budget) {
            this(text, new int[] {budget});
        }

        private BudgetedChars(String text, int[] remaining) {
            this.text = text;
            this.remaining = remaining;
        }

        @Override
        public char charAt(int index) {
            if (--remaining[0] < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(text.substring(start, end), remaining);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Patterns (good or bad) currently cached. */
    public int cached() {
        return cache.size();
    }

    private Optional<Pattern> compile(String regex) {
        Optional<Pattern> pattern = cache.get(regex);
        if (pattern != null) {
            return pattern;
        }
        pattern = Optional.empty();
        if (regex.length() <= MAX_REGEX_LENGTH) {
            try {
                pattern = Optional.of(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                // A bad expression from a peer: it matches nothing; remembered so it is not compiled again.
            }
        }
        cache.put(regex, pattern);
        if (cache.size() > maxPatterns) {
            Iterator<String> eldest = cache.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return pattern;
    }
}
