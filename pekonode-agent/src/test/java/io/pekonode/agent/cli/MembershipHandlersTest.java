package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serf-style membership handlers on real agents: join, update, leave, failure and reap each run the
 * matching command exactly once, with the member on stdin and the event in PEKONODE_EVENT.
 */
class MembershipHandlersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestAgents agents = new TestAgents();

    @AfterEach
    void close() {
        agents.close();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachMembershipEventRunsItsHandlerExactlyOnce(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("events.log");
        String record = "printf '%s %s\\n' \"$PEKONODE_EVENT\" \"$(cut -f1)\" >> " + log;
        AgentNode a = agents.start("--name", "a", "--dead-member-retention", "2s",
                "--event-handler", "member-join,member-leave,member-failed,member-update,member-reap=" + record,
                "--event-handler", "user:marker=echo \"marker $(cat)\" >> " + log);
        AgentNode b = agents.start("--name", "b", "--join", TestAgents.gossip(a));
        AgentNode c = agents.start("--name", "c", "--join", TestAgents.gossip(a));
        Await.until("a to see b and c join", WAIT, () -> lines(log).containsAll(List.of("member-join b", "member-join c")),
                () -> lines(log).toString());

        assertEquals(ExitCodes.OK, CliRun.run("tags", "set", "role=db", "--http", TestAgents.http(b)).code());
        Await.until("b's update", WAIT, () -> lines(log).contains("member-update b"), () -> lines(log).toString());

        assertEquals(ExitCodes.OK, CliRun.run("leave", "--http", TestAgents.http(b)).code());
        Await.until("b's leave", WAIT, () -> lines(log).contains("member-leave b"), () -> lines(log).toString());

        c.cluster().stop(); // c stops answering, as after a crash
        Await.until("c's failure", WAIT, () -> lines(log).contains("member-failed c"), () -> lines(log).toString());

        CliRun.Result forced = CliRun.run("force-leave", "c", "--prune", "--http", TestAgents.http(a));
        assertEquals(ExitCodes.OK, forced.code(), forced.toString());
        Await.until("c forced out and pruned, b reaped after the retention", WAIT,
                () -> lines(log).containsAll(List.of("member-leave c", "member-reap c", "member-reap b")),
                () -> lines(log).toString());

        // A later event through the same queue: once it ran, no duplicate of the earlier ones is still coming.
        assertEquals(ExitCodes.OK, CliRun.run("event", "marker", "end", "--http", TestAgents.http(a)).code());
        Await.until("the marker", WAIT, () -> lines(log).contains("marker end"), () -> lines(log).toString());
        Await.until("every handler to finish", WAIT, () -> a.handlerStats().started()
                == a.handlerStats().succeeded() + a.handlerStats().failed() + a.handlerStats().timedOut());
        List<String> seen = lines(log).stream().sorted().toList();
        assertEquals(List.of("marker end", "member-failed c", "member-join b", "member-join c", "member-leave b",
                "member-leave c", "member-reap b", "member-reap c", "member-update b"), seen);
        assertEquals(0, a.handlerStats().failed());
        assertTrue(a.cluster().members().stream().noneMatch(m -> m.name().equals("c")), "c was pruned");
    }

    @Test
    void theMembersLineHoldsNameAddressIdStateAndTags(@TempDir Path dir) throws Exception {
        Path stdin = dir.resolve("stdin");
        AgentNode a = agents.start("--name", "a", "--event-handler", "member-join=cat > " + stdin);
        AgentNode b = agents.start("--name", "b", "--tag", "role=web", "--join", TestAgents.gossip(a));
        Await.until("the handler's stdin", WAIT, () -> !lines(stdin).isEmpty());
        String[] fields = lines(stdin).get(0).split("\t", -1);
        assertEquals(List.of("b", TestAgents.gossip(b), b.cluster().localMember().id(), "alive", "role=web"), List.of(fields));
    }
}
