package org.bgpsentry.daemon.session;

import java.net.SocketAddress;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.daemon.ingest.BmpRawFeed;
import org.bgpsentry.daemon.ingest.IngestListener;

/**
 * What the sessions tell the rest of the daemon (analytics, metrics, the API): the transport and
 * FSM part here, the routes through the {@link IngestListener} part that every source of routes
 * shares (docs/contributing.md §1). Called on the sessions' event loop: implementations must be quick and must
 * not block.
 */
public interface SessionListener extends IngestListener {
  /** An FSM transition (RFC 4271 §8), e.g. for {@code bgpsentry_bgp_session_state}. */
  default void onStateChange(PeerId peer, SessionState old, SessionState next, String reason) {}

  /** A message received from the peer. */
  default void onMessage(PeerId peer, MessageType type) {}

  /** A NOTIFICATION sent to ({@code sent}) or received from the peer. */
  default void onNotification(PeerId peer, Notification notification, boolean sent) {}

  /** Where every session's raw messages go ({@code publish_bmp_raw}), or null: off. */
  default BmpRawFeed bmpRaw() {
    return null;
  }

  /** A connection from an address that is no configured peer, closed at once. */
  default void onRefusedConnection(SocketAddress remote) {}
}
