/**
 * Discovery and strict by-name selection of transport and codec plugins. What it throws when a name
 * cannot be resolved is API ({@link io.pekonode.api.spi.PluginException}), so users can catch it.
 */
package io.pekonode.engine.plugin;
