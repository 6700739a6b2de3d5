package io.pekonode.agent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.Main;
import io.pekonode.agent.cli.ExitCodes;
import io.pekonode.agent.cli.Io;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.testkit.fake.FakeCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** README's main command: it must really show every step, and fail loudly when one does not happen. */
class DemoCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run demo(ClusterFactory factory, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] full = new String[args.length + 1];
        full[0] = "demo";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = Main.run(io, factory, full);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withTheRealEngineEveryStepHappensAndTheExitStatusIs0() {
        Run run = demo(ClusterFactory.engine(), "--nodes", "3", "--seconds-limit", "30");
        assertEquals(ExitCodes.OK, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("all 3 nodes see 3 alive members after"), run.out());
        assertTrue(run.out().contains("all 3 nodes read the value after"), run.out());
        assertTrue(run.out().contains("every node got the event once"), run.out());
        assertTrue(run.out().contains("query answered by 3 nodes (3 acks)"), run.out());
        assertTrue(run.out().contains("node-1, node-2, node-3"), run.out());
        assertTrue(run.out().contains("all 2 remaining nodes mark node-3 failed after"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.contains("node-3") && l.contains(" DEAD ")),
                "the final table shows the crashed node as dead:\n" + run.out());
        assertTrue(run.out().contains("Closed all 3 nodes"), run.out());
    }

    @Test
    void stepsAreNumberedOutOfTheirRealTotal() {
        Run run = demo(ClusterFactory.engine(), "--nodes", "2", "--seconds-limit", "30");
        assertEquals(ExitCodes.OK, run.code(), run.out() + run.err());
        List<String> headings = run.out().lines().filter(l -> l.startsWith("[")).map(l -> l.substring(0, l.indexOf(']') + 1)).toList();
        assertEquals(List.of("[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]"), headings, run.out());
    }

    @Test
    void aStepThatDoesNotHappenInTimeFailsWithWhatWasSeenAndClosesEveryNode() {
        // Fake nodes never hear of each other, so membership never converges.
        List<FakeCluster> created = new CopyOnWriteArrayList<>();
        Run run = demo(config -> {
            FakeCluster node = new FakeCluster(config, "fake-" + created.size());
            created.add(node);
            return node;
        }, "--nodes", "2", "--seconds-limit", "1");
        assertEquals(ExitCodes.FAILURE, run.code(), run.out());
        assertEquals("demo FAILED: after 1 s not every node sees all 2 members"
                + " (last: alive members seen by each node: [1, 1])\n", run.err());
        assertEquals(2, created.size());
        assertTrue(created.stream().allMatch(FakeCluster::closed), "no node is left running");
    }

    @Test
    void nodeCountIsValidated() {
        Run run = demo(config -> {
            throw new AssertionError("must not start");
        }, "--nodes", "1");
        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().contains("--nodes must be between 2 and 64, got 1"), run.err());
    }
}
