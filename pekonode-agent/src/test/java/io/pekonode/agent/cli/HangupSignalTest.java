package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

/**
 * SIGHUP raised in this very JVM while something starts. Had the handler been installed only after
 * the start (as it once was, after the agent's ready line), the signal would meet the JVM's default
 * action and end the test's JVM, which fails the build.
 */
class HangupSignalTest {

    @Test
    void aHangupDuringTheStartWaitsForItThenReloadsWhatStarted() throws Exception {
        BlockingQueue<String> reloaded = new LinkedBlockingQueue<>();

        String started = HangupSignal.startHandlingHangups(() -> {
            Signal.raise(new Signal("HUP"));
            return "node";
        }, reloaded::add);

        assertEquals("node", started);
        assertEquals("node", reloaded.poll(30, TimeUnit.SECONDS), "the reload ran, on what started");
    }

    @Test
    void aFailedStartIsReportedAsItsOwnFailure() {
        IllegalStateException failure = new IllegalStateException("port in use");

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> HangupSignal.startHandlingHangups(() -> {
                    throw failure;
                }, node -> { }));

        assertSame(failure, thrown);
    }
}
