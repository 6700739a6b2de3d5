package io.pekonode.consensus.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadSchedulerTest {

    @Test
    void closeLetsTheTaskInProgressFinishUninterruptedAndDropsTheRest() throws Exception {
        ThreadScheduler scheduler = new ThreadScheduler("test-raft");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean laterRan = new AtomicBoolean();
        scheduler.execute(() -> {
            started.countDown();
            // Stands for an fsync of the Raft log: an interrupt here would close the file channel under it.
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                return;
            }
            finished.set(true);
        });
        scheduler.execute(() -> laterRan.set(true));
        scheduler.schedule(() -> laterRan.set(true), 60_000);
        assertTrue(started.await(10, TimeUnit.SECONDS));

        Thread closer = new Thread(scheduler::close);
        closer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!scheduler.isClosed() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until close has begun, so the queued task is due only after it
        }
        assertTrue(scheduler.isClosed(), "close began");
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));

        assertFalse(closer.isAlive(), "close returned");
        assertFalse(interrupted.get(), "the task in progress was interrupted by close");
        assertTrue(finished.get(), "the task in progress finished");
        assertFalse(laterRan.get(), "a task queued behind it ran after close");
    }
}
