package io.pekonode.api.spi.codec;

import io.pekonode.api.spi.wire.WireMessage;

/**
 * Encodes and decodes protocol messages. Implementations are thread-safe.
 *
 * <p>Decoding is a trust boundary: input may be truncated, corrupted or hostile. {@link #decode}
 * checks every {@link DecodeLimits limit} before allocating, and throws only {@link DecodeException}
 * for bad input: never an unchecked exception, never an {@link OutOfMemoryError} from a forged length.
 */
public interface Codec {

    byte[] encode(WireMessage message);

    WireMessage decode(byte[] data) throws DecodeException;
}
