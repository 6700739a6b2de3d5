package io.pekonode.consensus.state;

/** Told on the Raft thread when locks change, so the leader can time leases; never changes the state. */
public interface LockObserver {

    LockObserver NONE = new LockObserver() {
        @Override
        public void granted(String name, long token) {
        }

        @Override
        public void freed(String name) {
        }
    };

    void granted(String name, long token);

    void freed(String name);
}
