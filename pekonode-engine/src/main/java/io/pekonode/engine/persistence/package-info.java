/** The persistence port: the runtime loads and saves node state through {@link io.pekonode.engine.persistence.StateStore}. */
package io.pekonode.engine.persistence;
