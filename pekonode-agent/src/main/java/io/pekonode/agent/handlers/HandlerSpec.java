package io.pekonode.agent.handlers;

import java.util.Objects;

/**
 * One {@code --event-handler NAME=COMMAND} or {@code --query-handler NAME=COMMAND} flag.
 *
 * @param name    the event or query name it answers; {@code *} (events only) matches every name
 * @param command the shell command, run with {@code /bin/sh -c}
 */
public record HandlerSpec(String name, String command) {

    public static final String ANY = "*";

    public HandlerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        if (name.isBlank() || command.isBlank()) {
            throw new IllegalArgumentException("a handler needs NAME=COMMAND with both parts non-empty");
        }
    }

    /**
     * Parses {@code NAME=COMMAND}; the first {@code =} splits, so the command may contain more.
     *
     * @throws IllegalArgumentException with the flag text when it is not of that form
     */
    public static HandlerSpec parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("expected NAME=COMMAND but got '" + text + "'");
        }
        return new HandlerSpec(text.substring(0, eq).trim(), text.substring(eq + 1));
    }

    public boolean matches(String eventName) {
        return ANY.equals(name) || name.equals(eventName);
    }
}
