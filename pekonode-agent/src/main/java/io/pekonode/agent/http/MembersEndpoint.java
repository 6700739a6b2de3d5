package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code GET /v1/members[?status=S][&name=REGEX][&tag=K=REGEX...]}: the members the node knows, dead
 * and left ones included, sorted by name; the filters (all must match, regular expressions match
 * whole values) keep members in one of the given states ({@code status} repeatable or
 * comma-separated), with a matching name, and with every given tag matching.
 */
final class MembersEndpoint implements Endpoint {

    private final Cluster cluster;

    MembersEndpoint(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Set<String> parameters(String method) {
        return Set.of("status", "name", "tag");
    }

    @Override
    public Response handle(Request request) {
        Predicate<Member> filter;
        try {
            filter = filter(request.params());
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        var members = cluster.members().stream()
                .filter(filter)
                .map(ApiModel.MemberView::of)
                .sorted(Comparator.comparing(ApiModel.MemberView::name).thenComparing(ApiModel.MemberView::id))
                .toList();
        return Response.json(200, new ApiModel.Members(members));
    }

    static Predicate<Member> filter(QueryParams params) {
        Set<MemberState> states = EnumSet.noneOf(MemberState.class);
        for (String value : params.all("status")) {
            for (String s : value.split(",")) {
                try {
                    states.add(MemberState.valueOf(s.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown status '" + s + "'; expected alive, suspect, dead or left");
                }
            }
        }
        Pattern name = params.first("name").map(MembersEndpoint::regex).orElse(null);
        Map<String, Pattern> tags = new LinkedHashMap<>();
        for (String tag : params.all("tag")) {
            int eq = tag.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("tag filter must be KEY=REGEX but was '" + tag + "'");
            }
            tags.put(tag.substring(0, eq), regex(tag.substring(eq + 1)));
        }
        return m -> (states.isEmpty() || states.contains(m.state()))
                && (name == null || name.matcher(m.name()).matches())
                && tags.entrySet().stream().allMatch(t -> m.tags().containsKey(t.getKey())
                        && t.getValue().matcher(m.tags().get(t.getKey())).matches());
    }

    private static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression '" + text + "': " + e.getDescription());
        }
    }
}
