package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FuturesTest {

    @Test
    void completesOffTheCompletingThreadOnReusedCallbackThreads() throws Exception {
        Set<String> threads = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Integer> source = new CompletableFuture<>();
            CompletableFuture<String> ranOn = Futures.offLoop(source).thenApply(v -> Thread.currentThread().getName());
            source.complete(i);
            String name = ranOn.get(5, TimeUnit.SECONDS);
            assertTrue(name.startsWith("pekonode-callback-"), name);
            assertTrue(!name.equals(Thread.currentThread().getName()), name);
            threads.add(name);
        }
        // One completion at a time: a waiting thread takes each, where a thread per task would start 200.
        assertTrue(threads.size() <= 4, "threads used for 200 sequential completions: " + threads.size());
    }

    @Test
    void passesOnTheCauseOfAFailure() {
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<Integer> out = Futures.offLoop(source.thenApply(v -> v));
        IllegalStateException cause = new IllegalStateException("refused");
        source.completeExceptionally(cause);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> out.get(5, TimeUnit.SECONDS));
        assertSame(cause, e.getCause());
    }

    @Test
    void passesOnTheValue() throws Exception {
        assertEquals("v", Futures.offLoop(CompletableFuture.completedFuture("v")).get(5, TimeUnit.SECONDS));
    }
}
