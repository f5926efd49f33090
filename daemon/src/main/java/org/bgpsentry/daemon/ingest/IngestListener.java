package org.bgpsentry.daemon.ingest;

import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * What an {@link AdjRibIn} tells the rest of the daemon (detection, metrics), whatever the source
 * of its routes: a BGP session, a BMP monitored peer or Loc-RIB view, a RIS Live peer. Called on
 * the thread of the {@link AdjRibIn} (its source's event loop): implementations must be quick and
 * must not block.
 */
public interface IngestListener {
  /**
   * Whether the changes of {@code prefix} matter to the listener: only those become {@link
   * RouteEvent}s (the others cost no event and no attribute decoding).
   */
  default boolean wantsRoute(Prefix prefix) {
    return true;
  }

  /** One change of a peer's Adj-RIB-In, of a prefix {@link #wantsRoute} accepted, in UPDATE order. */
  default void onRouteEvent(RouteEvent event) {}

  /** Established (routes start), Down (before its PEER_DOWN route events), End-of-RIB. */
  default void onPeerEvent(PeerEvent event) {}

  /**
   * One RFC 7606 issue of a received UPDATE, with the action applied to the whole UPDATE (RFC 7606
   * §3(h): the strongest of its issues).
   */
  default void onUpdateError(PeerId peer, ErrorAction action, DecodeIssue issue) {}
}
