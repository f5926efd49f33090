package org.bgpsentry.codec.wire;

import org.bgpsentry.codec.error.UpdateResult;

/**
 * An UPDATE (RFC 4271 §4.3) read for a reader of some routes only ({@link UpdateCodec#decode(
 * io.netty.buffer.ByteBuf, DecodeContext, java.util.function.Predicate)}): decoded in full, or,
 * when none of its routes was wanted, only counted.
 *
 * @param decoded the decoded UPDATE; null when no route was wanted
 * @param unwantedRoutes when {@code decoded} is null, the routes (announced and withdrawn) it
 *     carries, all IPv4/IPv6 unicast; else 0
 */
public record SiftedUpdate(UpdateResult decoded, int unwantedRoutes) {}
