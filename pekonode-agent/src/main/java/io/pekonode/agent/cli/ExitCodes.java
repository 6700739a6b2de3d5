package io.pekonode.agent.cli;

/** Exit statuses of the {@code pekonode} command, documented in README. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran but failed: key not found, agent answered with an error, a demo step timed out. */
    public static final int FAILURE = 1;
    /** Bad command line (picocli's own convention). */
    public static final int USAGE = 2;
    /** No agent answered at the --http address. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}
