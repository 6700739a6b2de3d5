/**
 * Framing between codec and transport: {@link io.pekonode.engine.frame.FrameProtector} is the seam
 * where encryption plugs in; {@link io.pekonode.engine.frame.ChecksumFrames} is the default.
 */
package io.pekonode.engine.frame;
