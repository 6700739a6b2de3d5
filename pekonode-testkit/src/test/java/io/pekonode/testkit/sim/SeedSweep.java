package io.pekonode.testkit.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;
import java.util.stream.LongStream;

/**
 * Runs one simulator scenario over several seeds and keeps the worst outcome. A scenario whose
 * result depends on the seed (who probes whom first, which packets a loss rate drops) can look fine
 * on one seed and regress on a third of the others; a sweep asserts on the worst seed instead.
 *
 * <p>Every failure names its seed and the command that replays just that seed: the sweep reads the
 * system property {@value #SEEDS_PROPERTY} (a comma-separated list) instead of its own seeds when it
 * is set, and {@value #COUNT_PROPERTY} widens the default sweep (for a longer local run).
 */
final class SeedSweep {
    static final String SEEDS_PROPERTY = "pekonode.sim.seeds";
    static final String COUNT_PROPERTY = "pekonode.sim.seedCount";
    /** Seeds each sweep runs by default in {@code mvn verify}. */
    static final int DEFAULT_SEEDS = 8;

    /** One seed's measurement (virtual milliseconds, a count, ...). */
    record Outcome(long seed, long value) {
    }

    /** All seeds' outcomes, with the worst (largest) one. */
    record Results(List<Outcome> outcomes, String testClass, String testMethod) {
        Outcome worst() {
            return outcomes.stream().max(Comparator.comparingLong(Outcome::value)).orElseThrow();
        }

        /** The replay command for the worst seed, for a failure message. */
        String replayWorst() {
            return replay(testClass, testMethod, worst().seed());
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            for (Outcome o : outcomes) {
                out.append(out.length() == 0 ? "" : ", ").append("seed ").append(o.seed()).append(": ").append(o.value());
            }
            return out.toString();
        }
    }

    private SeedSweep() {
    }

    /** The seeds to run: {@code first, first + 1, ...} ({@link #DEFAULT_SEEDS} of them), unless overridden. */
    static long[] seeds(long first) {
        String explicit = System.getProperty(SEEDS_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Arrays.stream(explicit.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        }
        int count = Integer.getInteger(COUNT_PROPERTY, DEFAULT_SEEDS);
        return LongStream.range(first, first + count).toArray();
    }

    /**
     * Runs {@code scenario} once per seed. An assertion failing inside it is rethrown with the seed
     * and the replay command; the values it returns are collected for the caller's worst-case check.
     *
     * @param test     the test class, for the replay command
     * @param method   the test method's name, for the replay command
     */
    static Results run(Class<?> test, String method, long firstSeed, LongUnaryOperator scenario) {
        List<Outcome> outcomes = new ArrayList<>();
        for (long seed : seeds(firstSeed)) {
            long value;
            try {
                value = scenario.applyAsLong(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\n  replay: "
                        + replay(test.getSimpleName(), method, seed), e);
            }
            System.out.printf(Locale.ROOT, "[sim] %s seed %d = %d%n", method, seed, value);
            outcomes.add(new Outcome(seed, value));
        }
        return new Results(List.copyOf(outcomes), test.getSimpleName(), method);
    }

    /** The command, from the repository root, that runs one test method on one seed. */
    static String replay(String testClass, String method, long seed) {
        return "mvn -B -o -pl pekonode-testkit -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + testClass + "#"
                + method + "' -D" + SEEDS_PROPERTY + "=" + seed;
    }
}
