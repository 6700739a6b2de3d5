package io.pekonode.agent.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token authentication of the API: {@code Authorization: Bearer TOKEN}. A missing or unknown token is
 * a 401, a read token on a write a 403; the body says which. Failed attempts are counted per source
 * address: each source has a small budget of failures that refills slowly, and a source that spent it
 * gets 429 without its token even being looked at, so guessing tokens is slow and cheap to refuse.
 */
final class TokenGate implements Router.Gate {

    /** Failures a source may make in a burst. */
    static final int FAILURE_BURST = 10;
    /** One more failure allowed per this many milliseconds. */
    static final long REFILL_MILLIS = 1_000;
    /** Sources remembered at most; the least recently failing are forgotten first. */
    static final int MAX_SOURCES = 10_000;
    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;
    private final LongSupplier clockMillis;
    private final Map<String, Budget> budgets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Budget> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    private static final class Budget {
        double left = FAILURE_BURST;
        long at;
    }

    TokenGate(ApiTokens tokens, LongSupplier clockMillis) {
        this.tokens = tokens;
        this.clockMillis = clockMillis;
    }

    @Override
    public Optional<Response> check(Scope needed, String authorization, String source) {
        if (exhausted(source)) {
            throttled.incrementAndGet();
            return Optional.of(Response.error(429, "too many failed authentication attempts from " + source
                    + "; wait and retry with a valid token"));
        }
        if (authorization == null || authorization.isBlank()) {
            return refused(401, "missing token: send 'Authorization: Bearer TOKEN' (pekonode commands read "
                    + "--token-file or PEKONODE_TOKEN)");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refused(401, "the Authorization header must be 'Bearer TOKEN'");
        }
        Optional<Scope> scope = tokens.scopeOf(authorization.substring(BEARER.length()).strip());
        if (scope.isEmpty()) {
            return failed(source, 401, "invalid token");
        }
        if (!scope.get().allows(needed)) {
            return refused(403, "this token has the read scope; this request needs a write token");
        }
        return Optional.empty();
    }

    long failures() {
        return failures.get();
    }

    long throttled() {
        return throttled.get();
    }

    private Optional<Response> refused(int status, String message) {
        failures.incrementAndGet();
        return Optional.of(Response.error(status, message));
    }

    private Optional<Response> failed(String source, int status, String message) {
        failures.incrementAndGet();
        synchronized (budgets) {
            Budget b = refilled(source);
            b.left -= 1;
        }
        return Optional.of(Response.error(status, message));
    }

    private boolean exhausted(String source) {
        synchronized (budgets) {
            Budget b = budgets.get(source);
            return b != null && refilled(source).left < 1;
        }
    }

    /** The source's budget, topped up for the time since it was last touched. */
    private Budget refilled(String source) {
        long now = clockMillis.getAsLong();
        Budget b = budgets.computeIfAbsent(source, s -> {
            Budget fresh = new Budget();
            fresh.at = now;
            return fresh;
        });
        b.left = Math.min(FAILURE_BURST, b.left + (now - b.at) / (double) REFILL_MILLIS);
        b.at = now;
        return b;
    }
}
