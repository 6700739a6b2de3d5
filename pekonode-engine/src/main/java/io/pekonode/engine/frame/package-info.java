/**
 * Framing between codec and transport: {@link io.pekonode.engine.frame.FrameProtector} is the seam
 * where encryption plugs in; {@link io.pekonode.engine.frame.ChecksumFrames} is the plaintext default
 * and {@link io.pekonode.engine.frame.SealedFrames} the AES-GCM format used with a keyring.
 */
package io.pekonode.engine.frame;
