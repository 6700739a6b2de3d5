package io.pekonode.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.it.client.MemberView;
import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.ClusterView;
import io.pekonode.it.cluster.DockerCluster;
import io.pekonode.it.cluster.Fleet;
import io.pekonode.it.cluster.FleetExtension;
import io.pekonode.it.cluster.NodeSpec;
import io.pekonode.it.cluster.ProtocolBounds;
import io.pekonode.it.cluster.Timings;
import io.pekonode.it.support.Await;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: five agents share a key file (--secret-file, mode 0600). A sixth agent with another
 * key and a seventh with none try to join them. For several push-pull intervals the intruders
 * never appear in the five's member lists, their metadata never reaches the five, the five stay
 * five ALIVE, and each intruder sees only itself. The five's logs must show that they refused the
 * intruders' frames, so the test cannot pass just because the intruders never reached them.
 */
abstract class WrongKeyScenarios {

    static final int SIZE = 5;
    private static final ProtocolBounds BOUNDS = ProtocolBounds.forCluster(SIZE);
    private static final String CLAIM_KEY = "intruder-claim";
    private static final String WRONG_KEY = "wrongkey";
    private static final String NO_KEY = "nokey";

    abstract FleetExtension extension();

    @Test
    void agentsWithAnotherKeyOrNoKeyNeverJoinNorWriteMetadata() throws Exception {
        Fleet fleet = extension().fleet();
        String clusterKeys = "# the cluster's key (test only)\n" + randomKey() + "\n";
        List<String> aliases = IntStream.rangeClosed(1, SIZE).mapToObj(i -> "node" + i).toList();
        fleet.start(NodeSpec.of("node1").bootstrapping().withKeyFile(clusterKeys));
        fleet.startAll(aliases.subList(1, SIZE).stream()
                .map(a -> NodeSpec.of(a).joining(List.of("node1")).withKeyFile(clusterKeys)).toList());
        List<AgentNode> members = fleet.nodes();
        Duration formed = Await.until("the keyed cluster has formed", BOUNDS.formation(), () -> fleet.views(members),
                view -> view.allAliveWithSize(SIZE));
        Timings.record(fleet.transport() + ": 5 agents with a shared --secret-file formed", formed, BOUNDS.formation());
        Set<String> ids = fleet.views(members).of("node1").stream().map(MemberView::id).collect(Collectors.toSet());

        List<AgentNode> intruders = fleet.startAll(List.of(
                NodeSpec.of(WRONG_KEY).joining(aliases).withKeyFile(randomKey() + "\n"),
                NodeSpec.of(NO_KEY).joining(aliases)));
        for (AgentNode intruder : intruders) {
            intruder.api().put(CLAIM_KEY, "written by " + intruder.alias());
        }

        // The intruders retry their seeds from the start; the five would also pull them in through
        // push-pull, had any of them been accepted. Two intervals of that is long enough to see it.
        Duration window = ClusterConfig.profile(DockerCluster.PROFILE).build().antiEntropy().pushPullInterval().multipliedBy(2);
        long begin = System.nanoTime();
        Await.holds("the five list only each other, all ALIVE, and do not hold " + CLAIM_KEY
                        + "; each intruder lists only itself", window,
                () -> observe(fleet, members, intruders),
                seen -> seen.membersUntouched(ids) && seen.claimAbsent() && seen.intrudersAlone(intruders));
        Timings.record(fleet.transport() + ": wrong-key and keyless agents kept out (observed; bound = window)", Duration.ofNanos(System.nanoTime() - begin),
                window);

        // Proof of contact: the five refused frames from both intruders' addresses.
        for (AgentNode intruder : intruders) {
            String ip = intruder.ip();
            assertTrue(members.stream().anyMatch(m -> refusedFrom(m.logs(), ip)),
                    "one of the five logged a rejected frame from " + intruder + " at " + ip);
        }
        for (AgentNode member : members) {
            assertEquals(Optional.empty(), member.api().get(CLAIM_KEY), member + " never got the intruders' key");
            // The agent warns about key files others can read; the copied file is 0600.
            assertTrue(!member.logs().contains("is readable by group or others"), member + " found its key file private");
        }
    }

    private static boolean refusedFrom(String logs, String ip) {
        return logs.lines().anyMatch(line -> line.contains("Rejected a frame from") && line.contains(ip));
    }

    /** One round of observations: the five's member lists and claim reads, the intruders' lists. */
    private record Seen(ClusterView five, Map<String, Optional<String>> claimOnFive, ClusterView intruders) {

        boolean membersUntouched(Set<String> ids) {
            return five.allAliveWithSize(SIZE) && five.byObserver().values().stream()
                    .allMatch(list -> list.stream().map(MemberView::id).collect(Collectors.toSet()).equals(ids));
        }

        boolean claimAbsent() {
            return claimOnFive.values().stream().allMatch(Optional::isEmpty);
        }

        boolean intrudersAlone(List<AgentNode> nodes) {
            return nodes.stream().allMatch(n -> {
                List<MemberView> list = intruders.of(n.alias());
                return list.size() == 1 && list.get(0).name().equals(n.alias()) && list.get(0).isAlive();
            });
        }
    }

    private static Seen observe(Fleet fleet, List<AgentNode> members, List<AgentNode> intruders) throws Exception {
        Map<String, Optional<String>> claims = new LinkedHashMap<>();
        for (AgentNode member : members) {
            claims.put(member.alias(), member.api().get(CLAIM_KEY));
        }
        return new Seen(fleet.views(members), claims, fleet.views(intruders));
    }

    /** A fresh AES-256 key as the key file wants it: base64 of 32 random bytes. */
    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
