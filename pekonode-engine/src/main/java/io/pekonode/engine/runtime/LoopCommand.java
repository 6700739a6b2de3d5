package io.pekonode.engine.runtime;

import io.pekonode.engine.core.ProtocolCore;

/** Work run on the event loop with the core and the loop's current time. */
@FunctionalInterface
public interface LoopCommand<T> {
    T run(ProtocolCore core, long nowMillis);
}
