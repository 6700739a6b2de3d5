/**
 * Text for people: aligned member listings, durations, payloads shown as text or base64.
 *
 * <p>Pure functions on plain values; depends on no other package of the agent, nor on the engine.
 */
package io.pekonode.agent.format;
