package io.pekonode.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.consensus.DamagedLogException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A voter whose Raft log was damaged on disk refuses to come back with it; the others go on. */
class DamagedLogTest {

    @Test
    void aVoterWithADamagedLogRefusesToRejoin() throws Exception {
        try (ConsensusSim sim = ConsensusSimTest.cluster(21, 3, 0)) {
            assertTrue(sim.runUntil(() -> ConsensusSimTest.leader(sim).isPresent(), 10_000));
            for (int i = 0; i < 20; i++) {
                CompletableFuture<Long> put = sim.node("v2").service.map().putAsync("k" + i, ConsensusSimTest.bytes(i));
                sim.runUntil(put::isDone, 5_000);
                put.join();
            }
            ConsensusSim.Node victim = sim.node("v1");
            victim.crash();
            Path log = sim.dataDirectory("v1").resolve("log");
            byte[] bytes = Files.readAllBytes(log);
            assertTrue(bytes.length > 100, "the log holds the writes");
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(log, bytes);

            DamagedLogException e = assertThrows(DamagedLogException.class, victim::restart);
            assertEquals(log, e.file());
            assertFalse(victim.up);
            // The two others still form a majority and take writes.
            CompletableFuture<Long> put = sim.node("v3").service.map().putAsync("after", ConsensusSimTest.bytes(1));
            sim.runUntil(put::isDone, 5_000);
            assertTrue(put.join() > 0);
        }
    }
}
