package org.bgpsentry.analytics.event;

import java.time.Instant;
import org.bgpsentry.codec.model.nlri.Family;

/** A change in a peer's session that analytics must know about (visibility, peer_down). */
public sealed interface PeerEvent {
  PeerId peer();

  Instant at();

  /**
   * The session reached Established (RFC 4271 §8.2.2), or replay saw the peer's first record.
   *
   * @param receivingAsn the AS that receives the peer's routes (the session's local AS, RFC 4271
   *     §4.2 My Autonomous System of the OPEN sent to the peer: ours, a BMP-monitored router's, the
   *     RIS collectors'), -1 when unknown; a route_leak whose leaker is the first AS of the path
   *     names it as {@code after_asn}
   */
  record Established(PeerId peer, Instant at, long receivingAsn) implements PeerEvent {
    /** Receiving AS unknown. */
    public Established(PeerId peer, Instant at) {
      this(peer, at, -1);
    }
  }

  /** The session left Established; its routes follow as PEER_DOWN route events. */
  record Down(PeerId peer, String reason, Instant at) implements PeerEvent {}

  /** End-of-RIB for a family (RFC 4724 §2): the peer's initial table is complete. */
  record EndOfRib(PeerId peer, Family family, Instant at) implements PeerEvent {}
}
