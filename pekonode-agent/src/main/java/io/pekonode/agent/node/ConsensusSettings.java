package io.pekonode.agent.node;

import io.pekonode.consensus.ConsensusConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the agent runs the consensus module, from {@code --consensus}, {@code --consensus-voter} and
 * {@code --consensus-voters}.
 *
 * @param dataDirectory the agent's {@code --data-dir}; a voter keeps its Raft log in its {@code consensus}
 *                      subdirectory (without one, in memory)
 */
public record ConsensusSettings(boolean enabled, boolean voter, int expectedVoters, Optional<Path> dataDirectory) {

    /** The module off. */
    public static final ConsensusSettings OFF = new ConsensusSettings(false, false, 3, Optional.empty());

    /** @throws IllegalArgumentException for a voter count out of range */
    public ConsensusConfig toConfig() {
        ConsensusConfig.Builder b = ConsensusConfig.builder().voter(voter).expectedVoters(expectedVoters);
        dataDirectory.ifPresent(dir -> b.dataDirectory(dir.resolve("consensus")));
        return b.build();
    }
}
