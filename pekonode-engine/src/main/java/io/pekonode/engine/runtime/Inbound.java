package io.pekonode.engine.runtime;

import io.pekonode.api.spi.wire.WireMessage;

/** A decoded message waiting for the event loop. */
record Inbound(WireMessage message, int frameBytes, boolean reliable) {
}
