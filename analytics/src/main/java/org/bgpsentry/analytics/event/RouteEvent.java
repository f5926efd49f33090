package org.bgpsentry.analytics.event;

import java.time.Instant;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * One change in a peer's Adj-RIB-In, the single input of analytics (docs/contributing.md R14): the live
 * daemon and MRT replay both produce these, in UPDATE order per peer.
 *
 * @param pathId ADD-PATH path identifier (RFC 7911), or {@link
 *     org.bgpsentry.codec.model.nlri.Nlri#NO_PATH_ID}
 * @param attributes the new route's attributes; null for WITHDRAW and PEER_DOWN
 * @param previous the route this one replaced or removed; null for ANNOUNCE
 * @param at when the UPDATE was read (or the MRT timestamp)
 */
public record RouteEvent(
    PeerId peer,
    Prefix prefix,
    long pathId,
    PathAttributes attributes,
    PathAttributes previous,
    EventKind kind,
    Instant at) {}
