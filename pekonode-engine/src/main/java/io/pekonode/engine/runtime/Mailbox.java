package io.pekonode.engine.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The event loop's inputs: received messages and user commands, in two queues.
 *
 * <p>Messages come from transport threads, which must never block, and from peers, who may flood
 * us: that queue is bounded and {@link #offerMessage} fails when it is full (the caller counts the
 * drop). Commands come from users, who wait for them and are few: that queue is separate so a
 * command is never lost to a burst of packets, and bounded ({@value #MAX_COMMANDS}) only so that
 * callers that do not wait (async calls in a loop, or callers retrying after timeouts while the
 * loop is stuck) cannot grow memory: past it {@link #submit} refuses and the caller's future fails
 * (counted in {@link #refusedCommands()}). Both wake the loop with {@link LockSupport#unpark};
 * the loop re-checks both queues before parking, so no wake-up is lost.
 */
final class Mailbox {

    /** Commands waiting for the loop at most; far above what blocking callers can queue. */
    static final int MAX_COMMANDS = 10_000;

    private final ArrayBlockingQueue<Inbound> messages;
    private final ArrayBlockingQueue<PendingCommand> commands;
    private final LongAdder refusedCommands = new LongAdder();
    private volatile Thread owner;

    Mailbox(int messageCapacity) {
        this(messageCapacity, MAX_COMMANDS);
    }

    Mailbox(int messageCapacity, int commandCapacity) {
        this.messages = new ArrayBlockingQueue<>(messageCapacity);
        this.commands = new ArrayBlockingQueue<>(commandCapacity);
    }

    void bindOwner(Thread thread) {
        this.owner = thread;
    }

    boolean offerMessage(Inbound inbound) {
        if (!messages.offer(inbound)) {
            return false;
        }
        wake();
        return true;
    }

    /** Queues a command; false (counted) when {@value #MAX_COMMANDS} are already waiting. Never blocks. */
    boolean submit(PendingCommand command) {
        if (!commands.offer(command)) {
            refusedCommands.increment();
            return false;
        }
        wake();
        return true;
    }

    /** Commands refused because the command queue was full. */
    long refusedCommands() {
        return refusedCommands.sum();
    }

    PendingCommand pollCommand() {
        return commands.poll();
    }

    Inbound pollMessage() {
        return messages.poll();
    }

    int pendingMessages() {
        return messages.size();
    }

    boolean hasWork() {
        return !commands.isEmpty() || !messages.isEmpty();
    }

    /** Parks the owner thread up to {@code millis} unless work arrives. Call only from the owner. */
    void awaitWork(long millis) {
        if (millis > 0 && !hasWork()) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    void wake() {
        Thread t = owner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void clearMessages() {
        messages.clear();
    }
}
