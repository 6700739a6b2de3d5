package io.pekonode.agent.cli;

import io.pekonode.api.NodeAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code HOST:PORT} (or {@code [IPv6]:PORT}) options; the message says what was wrong. */
public final class NodeAddressConverter implements ITypeConverter<NodeAddress> {
    @Override
    public NodeAddress convert(String value) {
        try {
            return NodeAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
