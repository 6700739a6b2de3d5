/** Entry point: {@link io.pekonode.engine.PekoNode} creates and runs cluster nodes. */
package io.pekonode.engine;
