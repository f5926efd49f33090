package org.bgpsentry.analytics.event;

import java.time.Instant;
import org.bgpsentry.codec.model.nlri.Family;

/** A change in a peer's session that analytics must know about (visibility, peer_down). */
public sealed interface PeerEvent {
  PeerId peer();

  Instant at();

  /** The session reached Established (RFC 4271 §8.2.2), or replay saw the peer's first record. */
  record Established(PeerId peer, Instant at) implements PeerEvent {}

  /** The session left Established; its routes follow as PEER_DOWN route events. */
  record Down(PeerId peer, String reason, Instant at) implements PeerEvent {}

  /** End-of-RIB for a family (RFC 4724 §2): the peer's initial table is complete. */
  record EndOfRib(PeerId peer, Family family, Instant at) implements PeerEvent {}
}
