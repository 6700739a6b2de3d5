/**
 * Framing between codec and transport: {@link io.pekonode.engine.frame.FrameProtector} is the seam
 * where encryption plugs in; {@link io.pekonode.engine.frame.ChecksumFrames} is the plaintext default
 * and {@link io.pekonode.engine.frame.SealedFrames} the AES-GCM format used with a keyring.
 *
 * <h2>Wire format</h2>
 * Every packet and every reliable (stream) message is one frame. Both formats start with the magic
 * {@code 'P' 'N'}, a format version byte and a flags byte; flag bit 0 tells them apart.
 *
 * <pre>
 * Plaintext (flags 0x00, version 1), 8-byte header:
 *   | 'P''N' | 1 | 0x00 | CRC32C of version, flags and payload (4, BE) | payload
 *
 * Sealed (flags 0x01, version 2), 49 + L bytes of overhead:
 *   | 'P''N' | 2 | 0x01 | L (1) | cluster label (L &lt;= 64) | key id (8) | sent-at ms (8, BE) | nonce (12) | AES-GCM ciphertext | tag (16)
 *   additional authenticated data = every byte before the ciphertext
 * </pre>
 *
 * The payload is the codec's encoding of one {@code WireMessage}. A receiver checks, in order and
 * naming the first failure as the {@code reason} of {@code pekonode.packets.dropped}: length, magic,
 * flags, version, then for plaintext the checksum; for sealed frames the label, the key id, the tag,
 * the replay window around its wall clock ({@code frame_outside_window}) and the nonce cache
 * ({@code frame_replayed}, {@code frame_replay_cache_full}). Version 1 of the sealed format (no
 * timestamp) is refused as {@code frame_bad_version}.
 *
 * <p>Works on bytes only: it neither decodes messages nor knows transports, and takes its keys and
 * switches from {@code security}.
 */
package io.pekonode.engine.frame;
