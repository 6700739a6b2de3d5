package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The settings of {@code pekonode agent} from three places, highest first: the command line, the
 * environment ({@code PEKONODE_<FLAG>}, e.g. {@code PEKONODE_LOG_LEVEL} for {@code --log-level}) and
 * the {@code --config-file} (YAML or JSON, keys are flag names without the dashes). Values from the
 * environment and the file become command-line arguments placed before the user's, for the flags the
 * user did not give, so one parser checks all of them the same way.
 *
 * <p>In the environment, a flag that takes several values holds them comma-separated ({@code --tag},
 * {@code --service}, {@code --join}) or one per line (the handler flags, whose commands may contain
 * commas); a switch holds {@code true} or {@code false}. In the file, such flags take a list (or, for
 * {@code tag} and {@code service}, a map) and switches a boolean.
 */
public final class AgentArguments {

    /** The environment variable that names the config file when {@code --config-file} is not given. */
    static final String CONFIG_FILE = "config-file";
    private static final Set<String> LINE_SEPARATED = Set.of("event-handler", "query-handler");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentArguments() {
    }

    /** The environment variable of {@code --flag-name}: {@code PEKONODE_FLAG_NAME}. */
    public static String envName(String key) {
        return "PEKONODE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * {@code args} of an {@code agent} command with the environment's and the config file's settings
     * added; other commands are returned unchanged.
     *
     * @param newCommandLine makes a fresh command line to parse with (one per parse)
     * @throws ParameterException naming the key or variable and the reason when the file cannot be
     *                            read, holds an unknown key, or a value is wrong
     */
    public static String[] expand(String[] args, Map<String, String> env, Supplier<CommandLine> newCommandLine) {
        if (args.length == 0 || !"agent".equals(args[0])) {
            return args;
        }
        CommandLine root = newCommandLine.get();
        CommandLine agent = root.getSubcommands().get("agent");
        CommandLine.ParseResult given;
        try {
            given = root.parseArgs(args);
        } catch (ParameterException e) {
            return args; // the real parse reports the user's own mistake
        }
        CommandLine.ParseResult agentResult = given.subcommand();
        if (agentResult == null || agentResult.isUsageHelpRequested() || agentResult.isVersionHelpRequested()) {
            return args;
        }
        Map<String, OptionSpec> options = options(agent.getCommandSpec());
        Map<String, List<String>> fromFile = Map.of();
        Path file = configFile(agentResult, env);
        if (file != null) {
            fromFile = readFile(agent, file, options);
        }
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, OptionSpec> o : options.entrySet()) {
            String key = o.getKey();
            if (agentResult.hasMatchedOption(o.getValue()) || key.equals(CONFIG_FILE)) {
                continue;
            }
            String variable = envName(key);
            List<String> values;
            String source;
            if (env.containsKey(variable)) {
                values = fromEnvironment(key, o.getValue(), env.get(variable), agent);
                source = "environment variable " + variable;
            } else if (fromFile.containsKey(key)) {
                values = fromFile.get(key);
                source = "--config-file " + file + ", key '" + key + "'";
            } else {
                continue;
            }
            check(newCommandLine, values, source);
            added.addAll(values);
        }
        List<String> all = new ArrayList<>();
        all.add(args[0]);
        all.addAll(added);
        all.addAll(List.of(args).subList(1, args.length));
        return all.toArray(String[]::new);
    }

    /** The agent's options by key (the long name without dashes), help and version left out. */
    static Map<String, OptionSpec> options(CommandSpec agent) {
        Map<String, OptionSpec> byKey = new LinkedHashMap<>();
        for (OptionSpec o : agent.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            byKey.put(o.longestName().replaceFirst("^--", ""), o);
        }
        return byKey;
    }

    private static Path configFile(CommandLine.ParseResult agent, Map<String, String> env) {
        if (agent.hasMatchedOption("--" + CONFIG_FILE)) {
            return agent.matchedOptionValue("--" + CONFIG_FILE, null);
        }
        String fromEnv = env.get(envName(CONFIG_FILE));
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    private static Map<String, List<String>> readFile(CommandLine agent, Path file, Map<String, OptionSpec> options) {
        JsonNode root;
        try {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            root = (name.endsWith(".json") ? JSON : YAML).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ParameterException(agent, "--config-file " + file + " cannot be read: " + message(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new ParameterException(agent, "--config-file " + file + " must hold a mapping of flag names to values");
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            OptionSpec option = options.get(key);
            if (option == null || key.equals(CONFIG_FILE)) {
                throw new ParameterException(agent, "--config-file " + file + ": unknown key '" + key + "'"
                        + (key.equals(CONFIG_FILE) ? " (a config file cannot name another)" : suggestion(key, options.keySet())));
            }
            values.put(key, fromFileValue(agent, file, key, option, e.getValue()));
        }
        return values;
    }

    private static List<String> fromFileValue(CommandLine agent, Path file, String key, OptionSpec option, JsonNode value) {
        String flag = "--" + key;
        List<String> args = new ArrayList<>();
        String where = "--config-file " + file + ", key '" + key + "': ";
        if (isSwitch(option)) {
            if (!value.isBoolean()) {
                throw new ParameterException(agent, where + "must be true or false, not " + value);
            }
            if (value.booleanValue()) {
                args.add(flag);
            }
            return args;
        }
        if (value.isObject()) {
            if (!option.typeInfo().isMap()) {
                throw new ParameterException(agent, where + "takes a single value, not a mapping");
            }
            value.fields().forEachRemaining(kv -> {
                args.add(flag);
                args.add(kv.getKey() + "=" + scalar(agent, where, kv.getValue()));
            });
        } else if (value.isArray()) {
            if (!option.isMultiValue()) {
                throw new ParameterException(agent, where + "takes a single value, not a list");
            }
            for (JsonNode item : value) {
                args.add(flag);
                args.add(scalar(agent, where, item));
            }
        } else {
            args.add(flag);
            args.add(scalar(agent, where, value));
        }
        return args;
    }

    private static String scalar(CommandLine agent, String where, JsonNode value) {
        if (value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        throw new ParameterException(agent, where + "expected a text, number or boolean, not " + value);
    }

    private static List<String> fromEnvironment(String key, OptionSpec option, String value, CommandLine agent) {
        String flag = "--" + key;
        if (isSwitch(option)) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> List.of(flag);
                case "false", "0", "no", "" -> List.of();
                default -> throw new ParameterException(agent, "environment variable " + envName(key)
                        + " must be true or false, not '" + value + "'");
            };
        }
        List<String> args = new ArrayList<>();
        if (option.isMultiValue()) {
            String separator = LINE_SEPARATED.contains(key) ? "\n" : ",";
            for (String item : value.split(separator)) {
                if (!item.isBlank()) {
                    args.add(flag);
                    args.add(item.strip());
                }
            }
        } else {
            args.add(flag);
            args.add(value);
        }
        return args;
    }

    /** Parses the added arguments alone, so that a wrong value is reported with where it came from. */
    private static void check(Supplier<CommandLine> newCommandLine, List<String> values, String source) {
        if (values.isEmpty()) {
            return;
        }
        List<String> probe = new ArrayList<>();
        probe.add("agent");
        probe.addAll(values);
        CommandLine fresh = newCommandLine.get();
        try {
            fresh.parseArgs(probe.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new ParameterException(fresh.getSubcommands().get("agent"), source + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSwitch(OptionSpec option) {
        return option.arity().max() == 0;
    }

    private static String suggestion(String key, Set<String> known) {
        Set<String> close = new TreeSet<>();
        for (String k : known) {
            if (k.contains(key) || key.contains(k) || distance(k, key) <= 2) {
                close.add(k);
            }
        }
        return close.isEmpty() ? "; keys are the agent's flag names without dashes, see `pekonode agent --help`"
                : "; did you mean " + String.join(" or ", close) + "?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    private static String message(IOException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
