package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Both inputs of the event loop are bounded; a full command queue refuses (counted) instead of growing. */
class MailboxTest {

    private static PendingCommand command(AtomicInteger ran) {
        return new PendingCommand() {
            @Override
            public void run() {
                ran.incrementAndGet();
            }

            @Override
            public void fail(Throwable reason) {
            }
        };
    }

    @Test
    void commandsPastTheCapacityAreRefusedAndCountedUntilTheLoopTakesSome() {
        Mailbox mailbox = new Mailbox(4, 3);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertTrue(mailbox.submit(command(ran)));
        }
        assertFalse(mailbox.submit(command(ran)));
        assertFalse(mailbox.submit(command(ran)));
        assertEquals(2, mailbox.refusedCommands());

        PendingCommand first = mailbox.pollCommand();
        assertNotNull(first);
        first.run();
        assertTrue(mailbox.submit(command(ran)), "room again once the loop took one");
        assertEquals(2, mailbox.refusedCommands());
        assertEquals(1, ran.get());
    }

    @Test
    void theDefaultCommandBoundIsFarAboveWhatBlockingCallersQueue() {
        Mailbox mailbox = new Mailbox(4);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < Mailbox.MAX_COMMANDS; i++) {
            assertTrue(mailbox.submit(command(ran)));
        }
        assertFalse(mailbox.submit(command(ran)));
        assertEquals(1, mailbox.refusedCommands());
    }
}
