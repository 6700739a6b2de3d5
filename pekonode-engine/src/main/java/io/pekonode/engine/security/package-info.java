/**
 * Cluster keys and wire security settings: {@link io.pekonode.engine.security.ClusterKey} (raw or
 * passphrase-derived AES keys with public key ids), {@link io.pekonode.engine.security.Keyring}
 * (immutable, primary plus accepted keys), {@link io.pekonode.engine.security.WireSecurity} (the
 * running node's keyring, label and transition switches) and
 * {@link io.pekonode.engine.security.KeyFile} (the agent's {@code --secret-file} format).
 *
 * <p>Holds key material and settings only; sealing frames with them is {@code frame}'s job. Writes
 * key files through persistence's atomic file helper.
 */
package io.pekonode.engine.security;
