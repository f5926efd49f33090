package org.bgpsentry.daemon.session;

import java.net.SocketAddress;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * What the sessions tell the rest of the daemon (analytics, metrics, the API). Called on the
 * sessions' event loop: implementations must be quick and must not block.
 */
public interface SessionListener {
  /** An FSM transition (RFC 4271 §8), e.g. for {@code bgpsentry_bgp_session_state}. */
  default void onStateChange(PeerId peer, SessionState old, SessionState next, String reason) {}

  /**
   * Whether the changes of {@code prefix} matter to the listener: only those become {@link
   * RouteEvent}s (the others cost no event and no attribute decoding on the event loop).
   */
  default boolean wantsRoute(Prefix prefix) {
    return true;
  }

  /** One change of the peer's Adj-RIB-In, of a prefix {@link #wantsRoute} accepted, in UPDATE order. */
  default void onRouteEvent(RouteEvent event) {}

  /** Established, down (before its PEER_DOWN route events), End-of-RIB. */
  default void onPeerEvent(PeerEvent event) {}

  /** One RFC 7606 issue of a received UPDATE, with the action applied to the whole UPDATE. */
  default void onUpdateError(PeerId peer, ErrorAction action, DecodeIssue issue) {}

  /** A message received from the peer. */
  default void onMessage(PeerId peer, MessageType type) {}

  /** A NOTIFICATION sent to ({@code sent}) or received from the peer. */
  default void onNotification(PeerId peer, Notification notification, boolean sent) {}

  /** A connection from an address that is no configured peer, closed at once. */
  default void onRefusedConnection(SocketAddress remote) {}
}
