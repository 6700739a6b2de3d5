package io.pekonode.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The manifests under deploy/kubernetes, parsed, with the agent container's args as Kubernetes expands them. */
final class KubernetesManifests {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Path dir;
    private final List<JsonNode> documents;

    private KubernetesManifests(Path dir, List<JsonNode> documents) {
        this.dir = dir;
        this.documents = documents;
    }

    static Path directory() {
        return Path.of(System.getProperty("pekonode.it.repositoryRoot", "..")).resolve("deploy/kubernetes")
                .toAbsolutePath().normalize();
    }

    static KubernetesManifests load() throws IOException {
        Path dir = directory();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                            documents.add(doc);
                        }
                    }
                }
            }
        }
        return new KubernetesManifests(dir, documents);
    }

    Path dir() {
        return dir;
    }

    List<JsonNode> documents() {
        return documents;
    }

    JsonNode only(String kind) {
        List<JsonNode> found = documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " in " + dir + ", found " + found.size());
        }
        return found.get(0);
    }

    JsonNode statefulSet() {
        return only("StatefulSet");
    }

    JsonNode podSpec() {
        return statefulSet().path("spec").path("template").path("spec");
    }

    JsonNode agentContainer() {
        for (JsonNode container : podSpec().path("containers")) {
            if ("agent".equals(container.path("name").asText())) {
                return container;
            }
        }
        throw new AssertionError("no container named agent in the StatefulSet");
    }

    /** The container's args with each $(VAR) replaced by {@code values} (which must name every variable used). */
    List<String> agentArgs(Map<String, String> values) {
        List<String> args = new ArrayList<>();
        for (JsonNode arg : agentContainer().path("args")) {
            Matcher m = VARIABLE.matcher(arg.asText());
            StringBuilder expanded = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new AssertionError("no value for $(" + m.group(1) + ") in " + arg.asText());
                }
                m.appendReplacement(expanded, Matcher.quoteReplacement(value));
            }
            m.appendTail(expanded);
            args.add(expanded.toString());
        }
        return args;
    }

    /** Every $(VAR) the args use. */
    List<String> variablesInArgs() {
        List<String> names = new ArrayList<>();
        for (JsonNode arg : agentContainer().path("args")) {
            Matcher m = VARIABLE.matcher(arg.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The value after {@code flag} in the args. */
    static Optional<String> flag(List<String> args, String flag) {
        int at = args.indexOf(flag);
        return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
    }

    static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    /** containerPort of the named port. */
    int containerPort(String name) {
        for (JsonNode port : agentContainer().path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("the agent container has no port named " + name);
    }
}
