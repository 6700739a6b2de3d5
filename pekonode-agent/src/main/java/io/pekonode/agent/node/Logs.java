package io.pekonode.agent.node;

import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** The agent's few logging knobs on top of log4j2.xml. */
public final class Logs {

    /** ThreadContext key shown as {@code [node]} in the console pattern. */
    public static final String NODE_KEY = "node";

    private Logs() {
    }

    /**
     * Makes threads inherit the creating thread's context, so the engine's threads, started while a
     * node's name is in the context, log with that name. Must run before log4j initialises.
     */
    public static void inheritContextInNewThreads() {
        System.setProperty("log4j2.isThreadContextMapInheritable", "true");
    }

    /**
     * Sets the root level ({@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR}, {@code OFF}).
     *
     * @throws IllegalArgumentException for an unknown level name
     */
    public static void setLevel(String name) {
        Configurator.setRootLevel(parseLevel(name));
    }

    public static Level parseLevel(String name) {
        Level level = Level.getLevel(name.toUpperCase(Locale.ROOT));
        if (level == null) {
            throw new IllegalArgumentException("unknown log level '" + name
                    + "', expected TRACE, DEBUG, INFO, WARN, ERROR or OFF");
        }
        return level;
    }
}
