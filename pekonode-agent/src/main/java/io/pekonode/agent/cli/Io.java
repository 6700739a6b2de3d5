package io.pekonode.agent.cli;

import io.pekonode.agent.client.ApiClient;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The console streams commands use. Byte streams rather than writers because {@code kv get} and
 * {@code kv put -} move raw bytes; tests pass in-memory streams.
 */
public record Io(InputStream in, PrintStream out, PrintStream err) {

    /** Prints the agent's refusal on stderr; the exit status a command returns for it. */
    public int refused(ApiClient.Reply reply) {
        err.println("error: " + reply.error());
        return ExitCodes.FAILURE;
    }

    public static Io system() {
        return new Io(System.in, System.out, System.err);
    }
}
