/**
 * What plugin families share: the exceptions that report a plugin which cannot be chosen. The
 * families themselves are in {@link io.pekonode.api.spi.transport} and {@link io.pekonode.api.spi.codec}.
 */
package io.pekonode.api.spi;
