package io.pekonode.agent.http;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * A streamed answer over Jetty's asynchronous writes: one write in flight at a time, the rest queued
 * up to {@code backlog} pieces. Offering never blocks; a client whose queue is full (it reads slower
 * than events come, or is gone without a FIN) is dropped: the exchange fails, Jetty closes the
 * connection, and {@code onDrop} counts it.
 */
final class JettyStreamSink extends IteratingCallback implements StreamSink {

    private final Response response;
    private final Callback done;
    private final int backlog;
    private final Consumer<String> onDrop;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final List<Runnable> closeActions = new ArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private boolean finishing;
    private boolean lastWritten;

    JettyStreamSink(Response response, Callback done, int backlog, Consumer<String> onDrop) {
        this.response = response;
        this.done = done;
        this.backlog = backlog;
        this.onDrop = onDrop;
    }

    @Override
    public boolean offer(byte[] piece) {
        synchronized (this) {
            if (ended.get() || finishing) {
                return false;
            }
            if (queue.size() >= backlog) {
                // Not under the lock: abort runs the close actions, which may offer to other sinks.
                queue.clear();
            } else {
                queue.add(ByteBuffer.wrap(piece));
                piece = null;
            }
        }
        if (piece != null) {
            onDrop.accept("slow");
            IllegalStateException cause = new IllegalStateException("stream client fell " + backlog
                    + " events behind and was dropped");
            end();
            abort(cause);
            // A write may be stuck on the client's full window: failing the exchange closes the
            // connection now instead of at the idle timeout.
            complete(cause);
            return false;
        }
        iterate();
        return true;
    }

    @Override
    public void finish() {
        synchronized (this) {
            finishing = true;
        }
        iterate();
    }

    @Override
    public void onClose(Runnable action) {
        boolean runNow;
        synchronized (closeActions) {
            runNow = ended.get();
            if (!runNow) {
                closeActions.add(action);
            }
        }
        if (runNow) {
            action.run();
        }
    }

    @Override
    public boolean isOpen() {
        return !ended.get();
    }

    @Override
    protected Action process() {
        ByteBuffer next;
        boolean last;
        synchronized (this) {
            if (lastWritten) {
                return Action.SUCCEEDED;
            }
            next = queue.poll();
            last = next == null && finishing;
            if (next == null && !last) {
                return Action.IDLE;
            }
            lastWritten = last;
        }
        response.write(last, last ? ByteBuffer.allocate(0) : next, this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        end();
        complete(null);
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        end();
        complete(cause);
    }

    private void complete(Throwable failure) {
        if (completed.compareAndSet(false, true)) {
            if (failure == null) {
                done.succeeded();
            } else {
                done.failed(failure);
            }
        }
    }

    private void end() {
        List<Runnable> actions;
        synchronized (closeActions) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        actions.forEach(Runnable::run);
    }
}
