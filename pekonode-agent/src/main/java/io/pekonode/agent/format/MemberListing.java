package io.pekonode.agent.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders members as an aligned text table, the way {@code pekonode members} and the demo show them.
 * Works on plain rows so that both the HTTP client (JSON) and the demo (live {@code Member}s) use it.
 */
public final class MemberListing {

    /** One member as displayed; {@code id} is shortened when rendered. */
    public record Row(String id, String name, String address, String state, long incarnation,
                      Map<String, String> tags) {
    }

    private static final String[] HEADERS = {"ID", "NAME", "ADDRESS", "STATE", "INC", "TAGS"};

    private MemberListing() {
    }

    /** The first 8 characters of a node id: enough to tell members apart in a listing. */
    public static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }

    public static String tags(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "-";
        }
        return tags.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** The table with a header line, every line ending in a newline. */
    public static String render(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (Row r : rows) {
            cells.add(new String[] {shortId(r.id()), r.name(), r.address(), r.state(),
                    Long.toString(r.incarnation()), tags(r.tags())});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(line[i]);
                if (i < line.length - 1) {
                    text.append(" ".repeat(widths[i] - line[i].length() + 2));
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
