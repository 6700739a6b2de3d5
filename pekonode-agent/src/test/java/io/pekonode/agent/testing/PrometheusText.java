package io.pekonode.agent.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, enough to check what {@code /metrics}
 * serves: every line is a {@code # HELP}, a {@code # TYPE} or a sample; every sample belongs to a
 * family whose TYPE came first; names and labels are well formed; values parse; histograms have
 * their {@code _bucket} (with {@code le}, ending in +Inf), {@code _count} and {@code _sum}.
 */
public final class PrometheusText {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    /** @throws AssertionError naming the line that breaks the format */
    public static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                if (i != lines.length - 1) {
                    throw new AssertionError("line " + (i + 1) + ": empty line inside the exposition");
                }
                continue;
            }
            try {
                p.line(line);
            } catch (RuntimeException e) {
                throw new AssertionError("line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        p.checkHistograms();
        return p;
    }

    private void line(String line) {
        if (line.startsWith("# HELP ")) {
            String[] parts = line.substring(7).split(" ", 2);
            name(parts[0]);
            return;
        }
        if (line.startsWith("# TYPE ")) {
            String[] parts = line.substring(7).split(" ");
            if (parts.length != 2 || !TYPES.contains(parts[1])) {
                throw new IllegalArgumentException("malformed TYPE line");
            }
            name(parts[0]);
            if (types.put(parts[0], parts[1]) != null) {
                throw new IllegalArgumentException("second TYPE for " + parts[0]);
            }
            return;
        }
        if (line.startsWith("#")) {
            return; // other comments are allowed
        }
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        String rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int close = line.indexOf("} ", brace);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed labels");
            }
            String body = line.substring(brace + 1, close);
            Matcher m = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException("malformed label at '" + body.substring(at) + "'");
                }
                labels.put(m.group(1), m.group(2));
                at = m.end();
                if (at < body.length()) {
                    if (body.charAt(at) != ',') {
                        throw new IllegalArgumentException("labels must be separated by commas");
                    }
                    at++;
                }
            }
            rest = line.substring(close + 2);
        } else {
            name = line.substring(0, space);
            rest = line.substring(space + 1);
        }
        name(name);
        String[] valueAndTime = rest.split(" ");
        if (valueAndTime.length > 2) {
            throw new IllegalArgumentException("too many fields after the name");
        }
        double value = switch (valueAndTime[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(valueAndTime[0]);
        };
        if (family(name) == null) {
            throw new IllegalArgumentException("sample of " + name + " without a TYPE before it");
        }
        samples.add(new Sample(name, labels, value));
    }

    private String family(String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_total", "_created")) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    private static void name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name '" + name + "'");
        }
    }

    private void checkHistograms() {
        for (Map.Entry<String, String> t : types.entrySet()) {
            if (!t.getValue().equals("histogram")) {
                continue;
            }
            String f = t.getKey();
            Map<Map<String, String>, Boolean> infSeen = new HashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(f + "_bucket")) {
                    if (!s.labels().containsKey("le")) {
                        throw new AssertionError(f + "_bucket without le");
                    }
                    Map<String, String> series = new LinkedHashMap<>(s.labels());
                    String le = series.remove("le");
                    infSeen.merge(series, le.equals("+Inf"), Boolean::logicalOr);
                }
            }
            infSeen.forEach((series, inf) -> {
                if (!inf) {
                    throw new AssertionError(f + series + " has no +Inf bucket");
                }
            });
            if (!infSeen.isEmpty() && samples.stream().noneMatch(s -> s.name().equals(f + "_count"))) {
                throw new AssertionError(f + " has buckets but no _count");
            }
        }
    }

    public Map<String, String> types() {
        return types;
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
