package io.pekonode.agent.testing;

import io.pekonode.agent.Main;
import io.pekonode.agent.cli.Io;
import io.pekonode.agent.node.ClusterFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs one {@code pekonode} command line in-process with captured streams. */
public final class CliRun {

    /** What a command printed and returned. */
    public record Result(int code, byte[] outBytes, String err) {
        public String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out ---\n" + out() + "--- err ---\n" + err;
        }
    }

    private CliRun() {
    }

    public static Result run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        ClusterFactory noNodes = config -> {
            throw new AssertionError("client commands must not create nodes");
        };
        int code = Main.run(io, noNodes, args);
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    public static Result run(String... args) {
        return run(new byte[0], args);
    }
}
