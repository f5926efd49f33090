package org.bgpsentry.codec.bmp;

import java.util.HashSet;
import java.util.Set;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * What a monitored peer's Peer Up says about decoding its Route Monitoring messages (docs/contributing.md R8):
 * the router's sent OPEN and the peer's received OPEN, either null when missing or header-only.
 *
 * <p>ADD-PATH (RFC 7911 §4-5) is per direction and family. Adj-RIB-In routes travel from the peer
 * to the router: Path Identifiers are present when the peer (received OPEN) advertised "send" and
 * the router (sent OPEN) "receive". Adj-RIB-Out routes (RFC 8671) travel the other way: the router
 * "send", the peer "receive". For a Loc-RIB (RFC 9069 §5.2, whose OPENs are fabricated) any
 * ADD-PATH entry for the family in either OPEN means Path Identifiers. Without both OPENs nothing
 * carries a Path Identifier.
 *
 * <p>4-octet AS: both OPENs carry the RFC 6793 capability; without both OPENs the A flag of the
 * per-peer header decides (RFC 7854 §4.2), and a Loc-RIB is 4-octet.
 */
public record BmpPeerContext(Open sentOpen, Open receivedOpen) {
  /** No Peer Up, or one with header-only OPENs. */
  public static final BmpPeerContext NONE = new BmpPeerContext(null, null);

  /** The context of a Peer Up. */
  public static BmpPeerContext of(BmpMessage.PeerUp up) {
    return new BmpPeerContext(up.sentOpen(), up.receivedOpen());
  }

  /** True when both OPENs are known. */
  public boolean complete() {
    return sentOpen != null && receivedOpen != null;
  }

  /** The monitored router's own AS from its sent OPEN, or -1. */
  public long routerAsn() {
    return sentOpen == null ? -1 : sentOpen.asn();
  }

  /** The decode context for a Route Monitoring message with this per-peer header. */
  public DecodeContext decodeContext(PerPeerHeader peer) {
    boolean fourOctetAs =
        complete()
            ? sentOpen.capability(Capability.FourOctetAs.class) != null
                && receivedOpen.capability(Capability.FourOctetAs.class) != null
            : !peer.legacyAsPath();
    return new DecodeContext(fourOctetAs, addPath(peer.rib()), true);
  }

  /** Families with Path Identifiers for messages about {@code rib}. */
  public Set<Family> addPath(Rib rib) {
    if (!complete()) {
      return Set.of();
    }
    Capability.AddPath sent = sentOpen.capability(Capability.AddPath.class);
    Capability.AddPath received = receivedOpen.capability(Capability.AddPath.class);
    Set<Family> out = new HashSet<>();
    switch (rib) {
      case ADJ_RIB_IN_PRE, ADJ_RIB_IN_POST -> {
        if (sent != null && received != null) {
          out.addAll(received.sendFamilies());
          out.retainAll(sent.receiveFamilies());
        }
      }
      case ADJ_RIB_OUT_PRE, ADJ_RIB_OUT_POST -> {
        if (sent != null && received != null) {
          out.addAll(sent.sendFamilies());
          out.retainAll(received.receiveFamilies());
        }
      }
      case LOC_RIB -> {
        for (Capability.AddPath a : new Capability.AddPath[] {sent, received}) {
          if (a != null) {
            a.families().forEach(e -> out.add(e.family()));
          }
        }
      }
    }
    return out;
  }

  /**
   * The families both OPENs advertised (RFC 4760 §8: no Multiprotocol capability means IPv4
   * unicast), or null when an OPEN is missing (any family accepted).
   */
  public Set<Family> families() {
    if (!complete()) {
      return null;
    }
    Set<Family> out = multiprotocol(sentOpen);
    out.retainAll(multiprotocol(receivedOpen));
    return Set.copyOf(out);
  }

  private static Set<Family> multiprotocol(Open open) {
    Set<Family> out = new HashSet<>();
    for (Capability c : open.capabilities()) {
      if (c instanceof Capability.Multiprotocol mp) {
        out.add(mp.family());
      }
    }
    if (out.isEmpty()) {
      out.add(Family.IPV4_UNICAST);
    }
    return out;
  }
}
