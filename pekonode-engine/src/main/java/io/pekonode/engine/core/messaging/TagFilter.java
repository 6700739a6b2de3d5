package io.pekonode.engine.core.messaging;

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
 * <p>Compiled patterns (and the fact that a regex is bad) are cached, at most {@code maxPatterns},
 * least recently used out first: a busy node sees the same few filters again and again.
 *
 * <p>Not thread-safe: the protocol core drives it from one thread.
 */
public final class TagFilter {
    public static final int DEFAULT_MAX_PATTERNS = 256;
    /** Longer expressions are refused rather than compiled: a filter is a short tag pattern. */
    public static final int MAX_REGEX_LENGTH = 1024;

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
            if (pattern.isEmpty() || !pattern.get().matcher(value).matches()) {
                return false;
            }
        }
        return true;
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
