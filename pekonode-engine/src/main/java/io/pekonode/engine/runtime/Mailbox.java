package io.pekonode.engine.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The event loop's inputs: received messages and user commands, in two queues.
 *
 * <p>Messages come from transport threads, which must never block, and from peers, who may flood
 * us: that queue is bounded and {@link #offerMessage} fails when it is full (the caller counts the
 * drop). Commands come from users, who wait for them and are few: that queue is unbounded so a
 * command is never lost to a burst of packets. Both wake the loop with {@link LockSupport#unpark};
 * the loop re-checks both queues before parking, so no wake-up is lost.
 */
final class Mailbox {

    private final ArrayBlockingQueue<Inbound> messages;
    private final ConcurrentLinkedQueue<PendingCommand> commands = new ConcurrentLinkedQueue<>();
    private volatile Thread owner;

    Mailbox(int messageCapacity) {
        this.messages = new ArrayBlockingQueue<>(messageCapacity);
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

    void submit(PendingCommand command) {
        commands.add(command);
        wake();
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
