/**
 * The Raft log, snapshots and persistent state of a voter in its data directory: a MicroRaft
 * {@code RaftStore} on plain files, every record checksummed (CRC32C), small state written atomically,
 * the log append-only and compacted at snapshots. A torn last record (a crash mid-write) is cut off; any
 * other damage makes the node refuse to join the group.
 */
package io.pekonode.consensus.store;
