package io.pekonode.consensus.wire;

import io.pekonode.consensus.state.Result;
import java.util.Objects;
import java.util.Optional;

/** How a call ended at the member that handled it. */
public sealed interface Outcome {

    /** Applied (or read); the state machine's answer. */
    record Done(Result result) implements Outcome {
        public Done {
            Objects.requireNonNull(result, "result");
        }
    }

    /** The member is not the leader; nothing was done. {@code leader} is its best guess, if any. */
    record NotLeader(Optional<String> leader) implements Outcome {
        public NotLeader {
            Objects.requireNonNull(leader, "leader");
        }
    }

    /** Not accepted (the leader is busy or stepping down): nothing was done, retrying is safe. */
    record Retry(String reason) implements Outcome {
    }

    /** Accepted but its fate is unknown (leadership was lost before it committed): it may or may not apply. */
    record Unknown(String reason) implements Outcome {
    }

    /** Refused as invalid; retrying will not help. */
    record Rejected(String reason) implements Outcome {
    }
}
