package io.pekonode.transport.stream;

import static io.pekonode.transport.stream.testing.TestSupport.awaitBlockedOrDone;
import static io.pekonode.transport.stream.testing.TestSupport.bytes;
import static io.pekonode.transport.stream.testing.TestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pekonode.api.NodeAddress;
import io.pekonode.transport.stream.testing.TestSupport.BlockingListener;
import io.pekonode.transport.stream.testing.TestSupport.Closer;
import io.pekonode.transport.stream.testing.TestSupport.RecordingListener;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * close() called from two threads at once: the second call must not return while the first is still
 * releasing (a caller that closes and then rebinds the port, or checks that no thread is left, would
 * otherwise race with it). Also the resolver's close, which must wait for its lookup thread.
 */
class ConcurrentCloseTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @AutoClose
    private final Closer toClose = new Closer();

    @Test
    void aSecondCloseWaitsUntilTheFirstHasStoppedTheIoThread() throws Exception {
        BlockingListener slow = new BlockingListener();
        FramedStreamEndpoint receiver = toClose.add(Endpoints.open(config(), slow));
        FramedStreamEndpoint sender = toClose.add(Endpoints.open(config(), new RecordingListener()));
        sender.sendReliable(Endpoints.addressOf(receiver), bytes("hold the I/O thread"));
        Thread io = slow.awaitHeld(WAIT);

        Thread first = new Thread(receiver::close, "first-close");
        first.start();
        awaitBlockedOrDone(first, WAIT); // joining the busy I/O thread
        AtomicBoolean ioAliveWhenSecondReturned = new AtomicBoolean();
        Thread second = new Thread(() -> {
            receiver.close();
            ioAliveWhenSecondReturned.set(io.isAlive());
        }, "second-close");
        second.start();
        awaitBlockedOrDone(second, WAIT);
        assertNotEquals(Thread.State.TERMINATED, second.getState(),
                "the second close() returned while the first was still waiting for the I/O thread");

        slow.release();
        first.join(WAIT.toMillis());
        second.join(WAIT.toMillis());
        assertFalse(second.isAlive());
        assertFalse(ioAliveWhenSecondReturned.get(), "when the second close() returned, the I/O thread had ended");
    }

    @Test
    void closeWaitsForALookupUnderWayToEnd() throws Exception {
        CountDownLatch inQuery = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicReference<Thread> lookupThread = new AtomicReference<>();
        HostResolver.Lookup slowDns = host -> {
            lookupThread.set(Thread.currentThread());
            inQuery.countDown();
            // A DNS query does not return early when interrupted.
            while (answer.getCount() > 0) {
                try {
                    answer.await();
                } catch (InterruptedException ignored) {
                    // keep waiting, as the system resolver would
                }
            }
            return InetAddress.getLoopbackAddress();
        };
        HostResolver resolver = new HostResolver(Duration.ofSeconds(5), "test-slow-dns", slowDns);
        resolver.resolve(new NodeAddress("slow.example", 7946));
        assertEquals(true, inQuery.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));

        AtomicBoolean lookupAliveWhenCloseReturned = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            resolver.close();
            lookupAliveWhenCloseReturned.set(lookupThread.get().isAlive());
        }, "resolver-close");
        closer.start();
        awaitBlockedOrDone(closer, WAIT);
        assertNotEquals(Thread.State.TERMINATED, closer.getState(), "close() returned while a lookup was still running");

        answer.countDown();
        closer.join(WAIT.toMillis());
        assertFalse(closer.isAlive());
        assertFalse(lookupAliveWhenCloseReturned.get(), "when close() returned, the lookup thread had ended");
    }
}
