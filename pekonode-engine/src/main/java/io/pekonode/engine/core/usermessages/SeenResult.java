package io.pekonode.engine.core.usermessages;

/** What {@link RecentIds#record} found out about an (origin, Lamport time) identity. */
public enum SeenResult {
    /** Seen for the first time: deliver and pass on. */
    NEW,
    /** Seen before and still remembered: drop. */
    DUPLICATE,
    /** Older than anything still remembered of its origin: dropped, since it may have been delivered already. */
    TOO_OLD
}
