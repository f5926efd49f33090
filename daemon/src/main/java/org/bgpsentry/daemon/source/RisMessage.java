package org.bgpsentry.daemon.source;

import java.time.Instant;
import java.util.List;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * A message from the RIS Live server (https://ris-live.ripe.net/manual/): the kinds the source
 * acts on, parsed by {@link RisMessages}. The closed family lets a switch cover them all.
 */
sealed interface RisMessage {
  /** A {@code ris_message} of type UPDATE: one RIS peer's withdrawals and announcements. */
  record Update(
      String host, IpAddress peer, long peerAsn, Instant at, List<Prefix> withdrawals, List<Route> announcements)
      implements RisMessage {}

  /** One announced prefix with the attributes of its UPDATE (MP_REACH/MP_UNREACH left out). */
  record Route(Prefix prefix, PathAttributes attributes) {}

  /** A {@code ris_message} of type RIS_PEER_STATE: the collector's session with the peer changed. */
  record PeerState(String host, IpAddress peer, long peerAsn, Instant at, boolean up) implements RisMessage {}

  /**
   * Any other {@code ris_message} (OPEN, NOTIFICATION, KEEPALIVE, a beacon's UPDATE without
   * prefixes...): it counts as data, so the stream is alive.
   */
  record Other(String host, String type) implements RisMessage {}

  /** {@code pong}: the answer to our {@code ping}. */
  record Pong() implements RisMessage {}

  /** {@code ris_subscribe_ok}: the server took a subscription (with {@code acknowledge}). */
  record SubscribeOk(String prefix) implements RisMessage {}

  /** {@code ris_error}: the server refused something we sent. */
  record Error(String message) implements RisMessage {}
}
