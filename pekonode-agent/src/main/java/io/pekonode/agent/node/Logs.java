package io.pekonode.agent.node;

import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** The agent's few logging knobs on top of log4j2.properties. */
public final class Logs {

    /** ThreadContext key shown as {@code [node]} in the console pattern. */
    public static final String NODE_KEY = "node";

    /** The thread {@link #startInBackground} started, until someone waited for it. */
    private static volatile Thread starting;

    private Logs() {
    }

    /**
     * Starts log4j (reading log4j2.properties and loading its plugins, about 550 classes) on a thread
     * of its own, so that on a machine with a second core it runs beside the command line's parsing
     * instead of adding to the start. Call once, first thing, after {@link #inheritContextInNewThreads}.
     * Loggers taken meanwhile are fine (log4j moves them to the configuration once it is read); a
     * change to the configuration waits for the thread, or log4j would overwrite it.
     */
    public static void startInBackground() {
        Thread thread = new Thread(() -> LogManager.getContext(false), "pekonode-log-start");
        thread.setDaemon(true);
        starting = thread;
        thread.start();
    }

    /** Waits until log4j has started, when {@link #startInBackground} started it. */
    public static void awaitStarted() {
        Thread thread = starting;
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        starting = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        awaitStarted();
        Configurator.setRootLevel(parseLevel(name));
    }

    /**
     * One JSON object per line, for log shippers: {@code time} (ISO-8601 with offset), {@code level},
     * {@code node}, {@code logger}, {@code message} and, when there is one, {@code error} with the stack
     * trace. Built from log4j-core's pattern layout with JSON escaping, so it needs no other library.
     */
    static final String JSON_PATTERN = "{\"time\":\"%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}\",\"level\":\"%level\","
            + "\"node\":\"%enc{%X{node}}{JSON}\",\"logger\":\"%enc{%c}{JSON}\",\"thread\":\"%enc{%t}{JSON}\","
            + "\"message\":\"%enc{%m}{JSON}\"%notEmpty{,\"error\":\"%enc{%ex}{JSON}\"}}%n";

    /**
     * {@code text} (the default layout of log4j2.properties) or {@code json} ({@link #JSON_PATTERN}) on the console.
     *
     * @throws IllegalArgumentException for another format name
     */
    public static void useFormat(String format) {
        awaitStarted();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> {
                // the layout of log4j2.properties is already in place
            }
            case "json" -> replaceConsoleLayout(JSON_PATTERN);
            default -> throw new IllegalArgumentException("unknown log format '" + format + "', expected text or json");
        }
    }

    private static void replaceConsoleLayout(String pattern) {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return; // another log4j-api implementation: its own configuration decides
        }
        Configuration config = context.getConfiguration();
        Appender old = config.getAppender("console");
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(config).withPattern(pattern)
                .withAlwaysWriteExceptions(false).build();
        ConsoleAppender json = ConsoleAppender.newBuilder().setName("console").setConfiguration(config)
                .setLayout(layout).setTarget(ConsoleAppender.Target.SYSTEM_OUT).build();
        json.start();
        config.addAppender(json);
        for (LoggerConfig logger : config.getLoggers().values()) {
            if (logger.getAppenders().containsKey("console")) {
                logger.removeAppender("console");
                logger.addAppender(json, null, null);
            }
        }
        if (config.getRootLogger().getAppenders().isEmpty() && old != null) {
            config.getRootLogger().addAppender(json, null, null);
        }
        context.updateLoggers();
        if (old != null && old != json) {
            old.stop();
        }
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
