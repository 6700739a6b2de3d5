package io.pekonode.engine.frame;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;

class RejectedFrameLogTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RejectedFrameLog log = new RejectedFrameLog(LogManager.getLogger(RejectedFrameLogTest.class),
            Duration.ofMinutes(1), new Ticker() {
                @Override
                public long read() {
                    return nanos.get();
                }
            });

    @Test
    void warnsOncePerSourcePerInterval() {
        assertTrue(log.shouldWarn("10.0.0.9", FrameException.Reason.UNKNOWN_KEY));
        assertFalse(log.shouldWarn("10.0.0.9", FrameException.Reason.AUTH_FAILED), "same source, same minute");
        assertTrue(log.shouldWarn("10.0.0.10", FrameException.Reason.WRONG_LABEL), "another source is logged");
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        assertTrue(log.shouldWarn("10.0.0.9", FrameException.Reason.UNENCRYPTED_REJECTED), "logged again after the interval");
    }

    @Test
    void noiseIsNotASecurityWarning() {
        assertFalse(log.shouldWarn("10.0.0.9", FrameException.Reason.BAD_MAGIC));
        assertFalse(log.shouldWarn("10.0.0.9", FrameException.Reason.BAD_CHECKSUM));
        assertTrue(log.shouldWarn("10.0.0.9", FrameException.Reason.UNKNOWN_KEY), "noise did not use up the source's warning");
    }
}
