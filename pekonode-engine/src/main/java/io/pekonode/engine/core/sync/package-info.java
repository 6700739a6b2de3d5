/**
 * Push-pull anti-entropy ({@link io.pekonode.engine.core.sync.AntiEntropy}): joining through seeds
 * with backoff, the periodic full-state exchange with one member that repairs what gossip missed,
 * and periodic contact with dead members so a healed partition merges by itself.
 *
 * <p>It exchanges state over the reliable path and hands what it learns to {@code membership} and
 * {@code metadata}, whose rules decide; it keeps no member or metadata state of its own.
 */
package io.pekonode.engine.core.sync;
