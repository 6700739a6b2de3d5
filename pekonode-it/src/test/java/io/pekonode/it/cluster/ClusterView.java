package io.pekonode.it.cluster;

import io.pekonode.it.client.MemberView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What several nodes report as members at one moment, keyed by the observer's alias.
 *
 * @param byObserver each observer's {@code /v1/members} entries
 */
public record ClusterView(Map<String, List<MemberView>> byObserver) {

    /** True when every observer lists exactly {@code size} entries, one per id, all ALIVE. */
    public boolean allAliveWithSize(int size) {
        return byObserver.values().stream().allMatch(members -> members.size() == size
                && members.stream().map(MemberView::id).distinct().count() == size
                && members.stream().allMatch(MemberView::isAlive));
    }

    /** The state each observer gives the member with {@code id} (absent: not listed). */
    public Map<String, Optional<String>> statesOf(String id) {
        return byObserver.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().filter(m -> m.id().equals(id)).map(MemberView::state).findFirst()));
    }

    /** True when every observer lists {@code id} in {@code state}. */
    public boolean allSee(String id, String state) {
        return statesOf(id).values().stream().allMatch(s -> s.filter(state::equals).isPresent());
    }

    /** True when no observer lists {@code id} in {@code state}. */
    public boolean noneSees(String id, String state) {
        return statesOf(id).values().stream().noneMatch(s -> s.filter(state::equals).isPresent());
    }

    /** The id the observer {@code alias} gives itself (its entry whose name is its alias). */
    public String selfId(String alias) {
        return byObserver.get(alias).stream().filter(m -> m.name().equals(alias)).map(MemberView::id).findFirst()
                .orElseThrow(() -> new AssertionError(alias + " does not list itself: " + byObserver.get(alias)));
    }

    public List<MemberView> of(String observer) {
        return byObserver.get(observer);
    }

    @Override
    public String toString() {
        return byObserver.entrySet().stream().map(e -> e.getKey() + " sees " + e.getValue())
                .collect(Collectors.joining("; ", "{", "}"));
    }
}
