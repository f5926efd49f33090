package org.bgpsentry.daemon.bmp;

import java.util.EnumMap;
import java.util.Map;
import org.bgpsentry.codec.bmp.BmpPeerContext;
import org.bgpsentry.codec.bmp.PeerType;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * One monitored peer (or Loc-RIB instance) of a router: what its Peer Up said and its views, one
 * per RIB the router reports for it. Event-loop confined, owned by {@link BmpRouter}.
 */
final class MonitoredPeer {
  /** A peer is told apart by type, distinguisher and address (RFC 7854 §4.2). */
  record Key(PeerType type, long distinguisher, IpAddress address) {}

  final Key key;
  final String name;
  final long asn;
  private BmpPeerContext context = BmpPeerContext.NONE;
  /** Decode contexts by RIB and A flag, derived once per Peer Up (one per message was costly). */
  private final org.bgpsentry.codec.wire.DecodeContext[] decodeContexts =
      new org.bgpsentry.codec.wire.DecodeContext[org.bgpsentry.codec.bmp.Rib.values().length * 2];
  final Map<org.bgpsentry.codec.bmp.Rib, BmpView> views = new EnumMap<>(org.bgpsentry.codec.bmp.Rib.class);

  /** Peer Up or Route Monitoring seen since the router's connection (re)started. */
  boolean seen;

  BmpPeerContext context() {
    return context;
  }

  /** A new Peer Up: its OPENs decide the decode contexts from now on. */
  void context(BmpPeerContext c) {
    context = c;
    java.util.Arrays.fill(decodeContexts, null);
  }

  /** The decode context of a message with per-peer header {@code h} about this peer. */
  org.bgpsentry.codec.wire.DecodeContext decodeContext(org.bgpsentry.codec.bmp.PerPeerHeader h) {
    int i = h.rib().ordinal() * 2 + (h.legacyAsPath() ? 1 : 0);
    org.bgpsentry.codec.wire.DecodeContext c = decodeContexts[i];
    if (c == null) {
      c = context.decodeContext(h);
      decodeContexts[i] = c;
    }
    return c;
  }

  MonitoredPeer(Key key, String name, long asn) {
    this.key = key;
    this.name = name;
    this.asn = asn;
  }
}
