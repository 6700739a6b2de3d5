/** Discovery and strict by-name selection of transport and codec plugins. */
package io.pekonode.engine.plugin;
