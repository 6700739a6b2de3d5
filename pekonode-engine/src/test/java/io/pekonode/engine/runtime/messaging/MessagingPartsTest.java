package io.pekonode.engine.runtime.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.MessageHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Registry, executor bounds and the default query timeout. */
class MessagingPartsTest {

    @Test
    void oneHandlerPerTopicAndClosingFreesTheTopic() {
        HandlerRegistry registry = new HandlerRegistry();
        MessageHandler first = m -> new byte[0];
        Subscription sub = registry.register("t", first);
        assertThrows(IllegalStateException.class, () -> registry.register("t", m -> null));
        assertSame(first, registry.find("t"));
        sub.close();
        assertNull(registry.find("t"));
        MessageHandler second = m -> null;
        registry.register("t", second);
        sub.close(); // a stale subscription does not remove the newer handler
        assertSame(second, registry.find("t"));
    }

    @Test
    void theExecutorRefusesInsteadOfBlockingWhenFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (HandlerExecutor executor = new HandlerExecutor("t", 1, 1)) {
            assertTrue(executor.tryRun(() -> {
                started.countDown();
                awaitQuietly(release);
            }));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            assertTrue(executor.tryRun(() -> { }));   // queued
            assertFalse(executor.tryRun(() -> { }));  // queue full: refused at once
            release.countDown();
        }
    }

    @Test
    void aClosedExecutorRefuses() {
        HandlerExecutor executor = new HandlerExecutor("t", 1, 1);
        executor.close();
        assertFalse(executor.tryRun(() -> { }));
    }

    @Test
    void defaultQueryTimeoutGrowsWithTheLogOfTheClusterSize() {
        Duration gossip = Duration.ofMillis(200);
        assertEquals(Duration.ofMillis(3_200), QueryTimeouts.byDefault(gossip, 1));
        assertEquals(Duration.ofMillis(3_200), QueryTimeouts.byDefault(gossip, 9));
        assertEquals(Duration.ofMillis(6_400), QueryTimeouts.byDefault(gossip, 10));
        assertEquals(Duration.ofMillis(9_600), QueryTimeouts.byDefault(gossip, 500));
        assertEquals(Duration.ofMillis(3_200), QueryTimeouts.byDefault(gossip, 0));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
