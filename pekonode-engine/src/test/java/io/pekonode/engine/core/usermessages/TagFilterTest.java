package io.pekonode.engine.core.usermessages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TagFilterTest {
    private static final Map<String, String> TAGS = Map.of("role", "web", "dc", "eu-west-1");
    private final TagFilter filter = new TagFilter(8);

    @Test
    void everyTagRegexMustMatchTheWholeValue() {
        assertTrue(filter.matches("n1", TAGS, List.of(), Map.of()));
        assertTrue(filter.matches("n1", TAGS, List.of(), Map.of("role", "web")));
        assertTrue(filter.matches("n1", TAGS, List.of(), Map.of("role", "web|db", "dc", "eu-.*")));
        assertFalse(filter.matches("n1", TAGS, List.of(), Map.of("role", "we")), "a prefix is not a whole match");
        assertFalse(filter.matches("n1", TAGS, List.of(), Map.of("role", "web", "dc", "us-.*")), "all must match");
        assertFalse(filter.matches("n1", TAGS, List.of(), Map.of("rack", ".*")), "a missing tag matches nothing");
    }

    @Test
    void nodeIdsRestrictWhoAnswers() {
        assertTrue(filter.matches("n1", TAGS, List.of("n0", "n1"), Map.of()));
        assertFalse(filter.matches("n2", TAGS, List.of("n0", "n1"), Map.of()));
        assertFalse(filter.matches("n1", TAGS, List.of("n1"), Map.of("role", "db")), "ids and tags both apply");
    }

    @Test
    void aBadOrHugeRegexMatchesNothingAndNeverThrows() {
        assertFalse(filter.matches("n1", TAGS, List.of(), Map.of("role", "web(")));
        assertFalse(filter.matches("n1", TAGS, List.of(), Map.of("role", "[")));
        assertFalse(filter.matches("n1", TAGS, List.of(), Map.of("role", "w".repeat(TagFilter.MAX_REGEX_LENGTH + 1))));
        assertFalse(filter.matches("n1", TAGS, List.of(), Map.of("role", "web(")), "cached as bad");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCatastrophicallyBacktrackingRegexFromAPeerGivesUpInsteadOfStallingTheNode() {
        // ((a+)+)+b against 40 a's backtracks for hours without a budget (18 s at 28 a's on JDK 17).
        Map<String, String> tags = Map.of("role", "a".repeat(40));
        assertFalse(filter.matches("n1", tags, List.of(), Map.of("role", "((a+)+)+b")));
        // A well-behaved pattern on the same value still matches.
        assertTrue(filter.matches("n1", tags, List.of(), Map.of("role", "a{40}")));
    }

    @Test
    void theCacheOfCompiledPatternsIsBounded() {
        for (int i = 0; i < 100; i++) {
            filter.matches("n1", TAGS, List.of(), Map.of("role", "web|x" + i));
        }
        assertEquals(8, filter.cached());
        assertTrue(filter.matches("n1", TAGS, List.of(), Map.of("role", "web|x0")), "an evicted pattern is compiled again");
    }
}
