package io.pekonode.engine.persistence;

import io.pekonode.api.Member;
import io.pekonode.engine.PekoNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the restart tests on real sockets check of a cluster whose nodes came back from their data directories. */
final class RestartChecks {

    private RestartChecks() {
    }

    /**
     * Every node sees all {@code n} alive, each in its current life: restored members count as alive
     * at once, so a node must also have heard each peer's new incarnation.
     */
    static boolean reformed(List<PekoNode> nodes, int n) {
        Map<String, Long> current = new LinkedHashMap<>();
        nodes.forEach(node -> current.put(node.id(), node.localMember().incarnation()));
        for (PekoNode node : nodes) {
            if (node.liveMembers().size() != n) {
                return false;
            }
            for (Member m : node.liveMembers()) {
                if (m.incarnation() != current.get(m.id())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A metadata snapshot as sorted text, for comparing and printing. */
    static Map<String, String> text(Map<String, byte[]> snapshot) {
        Map<String, String> out = new LinkedHashMap<>();
        snapshot.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8)));
        return out;
    }
}
