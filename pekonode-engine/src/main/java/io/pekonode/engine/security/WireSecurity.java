package io.pekonode.engine.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The wire security of one node, changeable while it runs: its {@link Keyring}, its optional cluster
 * label and the two transition switches. Thread-safe: readers take an immutable snapshot per frame.
 *
 * <p>Turning encryption on in a running plaintext cluster without a split (memberlist's
 * GossipVerifyIncoming/Outgoing): restart each node with the key and both switches off (it sends and
 * accepts plaintext, and also accepts sealed frames); then {@link #encryptOutgoing(boolean)
 * encryptOutgoing(true)} everywhere; then {@link #requireEncryptedIncoming(boolean)
 * requireEncryptedIncoming(true)} everywhere. Both default to on.
 *
 * <p>The label keeps two clusters that share a key (or a network) apart: it is sent in clear in every
 * sealed frame, authenticated with it, and must equal the receiver's. It applies to sealed frames
 * only: a plaintext frame accepted during the transition carries no label.
 *
 * <p>Replay protection (see {@code SealedFrames}) refuses sealed frames whose sender timestamp is
 * more than {@link Builder#replayWindow the replay window} (default {@value #DEFAULT_REPLAY_WINDOW_SECONDS} s)
 * from this node's wall clock, and nonces seen within it; the nodes' clocks must therefore agree
 * within that window (NTP). {@link Builder#replayCacheEntries} bounds the nonces remembered.
 */
public final class WireSecurity {

    /** Longest cluster label, in UTF-8 bytes. */
    public static final int MAX_LABEL_BYTES = 64;
    /** Default replay window, either side of the local wall clock. */
    public static final long DEFAULT_REPLAY_WINDOW_SECONDS = 60;
    /** Default size of the replay cache: about 1,100 frames per second sustained over a 60 s window. */
    public static final int DEFAULT_REPLAY_CACHE_ENTRIES = 65_536;

    private final AtomicReference<Keyring> keyring;
    private final KeyringStore store;
    private final byte[] label;
    private volatile boolean encryptOutgoing;
    private volatile boolean requireEncryptedIncoming;
    private final Duration replayWindow;
    private final int replayCacheEntries;

    private WireSecurity(Builder b) {
        this.store = b.store;
        this.replayWindow = b.replayWindow;
        this.replayCacheEntries = b.replayCacheEntries;
        this.keyring = new AtomicReference<>(b.keyring);
        this.label = b.label;
        this.encryptOutgoing = b.encryptOutgoing;
        this.requireEncryptedIncoming = b.requireEncryptedIncoming;
    }

    /** Encrypting and requiring encryption, with no label. */
    public static WireSecurity of(Keyring keyring) {
        return builder(keyring).build();
    }

    public static Builder builder(Keyring keyring) {
        return new Builder(keyring);
    }

    /** The current keyring (an immutable snapshot). */
    public Keyring keyring() {
        return keyring.get();
    }

    /** Accepts {@code key} for opening frames from now on; the primary stays. */
    public Keyring install(ClusterKey key) {
        return update(k -> k.withKey(key));
    }

    /** Seals with the installed key {@code id} from now on. @throws IllegalArgumentException when not installed */
    public Keyring use(String id) {
        return update(k -> k.withPrimary(id));
    }

    /**
     * Stops accepting key {@code id}.
     *
     * @throws IllegalArgumentException when not installed
     * @throws IllegalStateException    when it is the primary
     */
    public Keyring remove(String id) {
        return update(k -> k.without(id));
    }

    /**
     * Saves, then applies: a change the {@link Builder#keyringStore store} cannot save is not made,
     * so the running keyring never differs from what a restart would read. Serialized, so saves
     * happen in the order of the changes.
     *
     * @throws UncheckedIOException when the store fails; the keyring is then unchanged
     */
    private synchronized Keyring update(UnaryOperator<Keyring> change) {
        Keyring current = keyring.get();
        Keyring next = change.apply(current);
        if (next != current && store != null) {
            try {
                store.save(next);
            } catch (IOException e) {
                throw new UncheckedIOException("keyring unchanged: saving it failed: " + e.getMessage(), e);
            }
        }
        keyring.set(next);
        return next;
    }

    /** Where a changed keyring is saved before it takes effect (the agent's {@code --secret-file}). */
    @FunctionalInterface
    public interface KeyringStore {
        void save(Keyring keyring) throws IOException;
    }

    public boolean encryptOutgoing() {
        return encryptOutgoing;
    }

    /** Seal outgoing frames (true) or send them plaintext-with-checksum (false, transition only). */
    public void encryptOutgoing(boolean on) {
        this.encryptOutgoing = on;
    }

    public boolean requireEncryptedIncoming() {
        return requireEncryptedIncoming;
    }

    /** Drop plaintext frames (true) or accept them too (false, transition only). */
    public void requireEncryptedIncoming(boolean on) {
        this.requireEncryptedIncoming = on;
    }

    /** Sealed frames whose sender timestamp is further than this from the local clock are refused. */
    public Duration replayWindow() {
        return replayWindow;
    }

    /** Most nonces remembered for replay detection. */
    public int replayCacheEntries() {
        return replayCacheEntries;
    }

    /** The cluster label, if any. */
    public Optional<String> label() {
        return label.length == 0 ? Optional.empty() : Optional.of(new String(label, StandardCharsets.UTF_8));
    }

    /** The label's UTF-8 bytes (a copy; empty without a label). */
    public byte[] labelBytes() {
        return label.clone();
    }

    @Override
    public String toString() {
        return "WireSecurity[" + keyring() + label().map(l -> ", label=" + l).orElse("")
                + ", encryptOutgoing=" + encryptOutgoing + ", requireEncryptedIncoming=" + requireEncryptedIncoming + "]";
    }

    /** Options fixed at creation. */
    public static final class Builder {
        private final Keyring keyring;
        private byte[] label = new byte[0];
        private boolean encryptOutgoing = true;
        private boolean requireEncryptedIncoming = true;
        private Duration replayWindow = Duration.ofSeconds(DEFAULT_REPLAY_WINDOW_SECONDS);
        private int replayCacheEntries = DEFAULT_REPLAY_CACHE_ENTRIES;
        private KeyringStore store;

        private Builder(Keyring keyring) {
            this.keyring = Objects.requireNonNull(keyring, "keyring");
        }

        /**
         * The cluster label; a node only accepts sealed frames carrying its own label.
         *
         * @throws IllegalArgumentException when empty or over {@value #MAX_LABEL_BYTES} UTF-8 bytes
         */
        public Builder label(String clusterLabel) {
            byte[] bytes = Objects.requireNonNull(clusterLabel, "clusterLabel").getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0 || bytes.length > MAX_LABEL_BYTES) {
                throw new IllegalArgumentException("a cluster label has 1 to " + MAX_LABEL_BYTES + " UTF-8 bytes, not " + bytes.length);
            }
            this.label = bytes;
            return this;
        }

        public Builder encryptOutgoing(boolean on) {
            this.encryptOutgoing = on;
            return this;
        }

        public Builder requireEncryptedIncoming(boolean on) {
            this.requireEncryptedIncoming = on;
            return this;
        }

        /**
         * How far a sealed frame's sender timestamp may be from this node's wall clock, either way
         * (default {@value WireSecurity#DEFAULT_REPLAY_WINDOW_SECONDS} s). It must exceed the clock
         * skew between nodes plus the delivery delay; a shorter window means fewer nonces to remember
         * and a shorter time in which a replay is caught by the nonce cache rather than the clock.
         *
         * @throws IllegalArgumentException unless between 1 s and 1 h
         */
        public Builder replayWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("replay window must be 1 s to 1 h, not " + window);
            }
            this.replayWindow = window;
            return this;
        }

        /**
         * Most nonces remembered (default {@value WireSecurity#DEFAULT_REPLAY_CACHE_ENTRIES}, about 110
         * bytes each). When full, frames older than the oldest remembered one are refused.
         *
         * @throws IllegalArgumentException unless positive
         */
        public Builder replayCacheEntries(int entries) {
            if (entries <= 0) {
                throw new IllegalArgumentException("replay cache entries must be positive, not " + entries);
            }
            this.replayCacheEntries = entries;
            return this;
        }

        /** Saves every changed keyring (install, use, remove) before it takes effect, e.g. with {@link KeyFile#write}. */
        public Builder keyringStore(KeyringStore keyringStore) {
            this.store = Objects.requireNonNull(keyringStore, "keyringStore");
            return this;
        }

        public WireSecurity build() {
            return new WireSecurity(this);
        }
    }
}
