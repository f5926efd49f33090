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
  BmpPeerContext context = BmpPeerContext.NONE;
  final Map<org.bgpsentry.codec.bmp.Rib, BmpView> views = new EnumMap<>(org.bgpsentry.codec.bmp.Rib.class);

  /** Peer Up or Route Monitoring seen since the router's connection (re)started. */
  boolean seen;

  MonitoredPeer(Key key, String name, long asn) {
    this.key = key;
    this.name = name;
    this.asn = asn;
  }
}
