package io.pekonode.consensus;

import java.nio.file.Path;

/**
 * The Raft log or state in the data directory failed its checksums or does not hang together, so
 * this node refuses to join the group: voting with a log it cannot trust could elect a leader that
 * lacks committed writes. The other voters go on without it. To bring the node back, move its
 * consensus directory aside; it then rejoins as a new member and catches up from the leader.
 */
public final class DamagedLogException extends ConsensusException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public DamagedLogException(Path file, String problem) {
        super("consensus state in " + file + " is damaged (" + problem + "); this node will not join the Raft"
                + " group with it. Move " + file.getParent() + " aside to rejoin as a new member.");
        this.file = file;
    }

    /** The file that failed. */
    public Path file() {
        return file;
    }
}
