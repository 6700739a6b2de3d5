package io.pekonode.agent.cli;

import io.pekonode.agent.client.ApiClient;
import io.pekonode.api.NodeAddress;
import picocli.CommandLine.Option;

/** {@code --http} of the client commands; {@code PEKONODE_HTTP} overrides the default. */
public final class ClientOptions {

    @Option(names = "--http", paramLabel = "HOST:PORT", converter = NodeAddressConverter.class,
            defaultValue = "${env:PEKONODE_HTTP:-" + AgentOptions.DEFAULT_HTTP + "}",
            description = "HTTP address of the agent to ask. Default: $PEKONODE_HTTP or " + AgentOptions.DEFAULT_HTTP + ".")
    NodeAddress http;

    ApiClient client() {
        return new ApiClient(http);
    }
}
