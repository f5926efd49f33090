package org.bgpsentry.daemon.kafka;

import java.nio.ByteBuffer;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * BMP messages (RFC 7854) for a BGP session, with the daemon in the router's place: written around
 * the session's own message bytes, never from a decoded form. Each is written straight after an
 * {@link OpenBmpHeader} into the record.
 *
 * <ul>
 *   <li>§4.2 per-peer header: Global Instance peer, pre-policy Adj-RIB-In, V flag for an IPv6
 *       peer, A flag when the session did not negotiate 4-octet ASNs (RFC 6793: its AS_PATH has
 *       2-octet ASNs), the peer's BGP Identifier from its OPEN, the time received;
 *   <li>§4.10 Peer Up: local address and ports of the TCP connection, then the OPEN sent and the
 *       OPEN received, whole;
 *   <li>§4.6 Route Monitoring: the UPDATE received, whole;
 *   <li>§4.9 Peer Down: the reason, then the NOTIFICATION, the FSM event code or nothing.
 * </ul>
 */
final class SessionBmp {
  static final int VERSION = 3;
  static final int COMMON_HEADER = 6;
  static final int PER_PEER_HEADER = 42;
  static final int ROUTE_MONITORING = 0;
  static final int PEER_DOWN = 2;
  static final int PEER_UP = 3;
  static final int FLAG_V = 0x80;
  static final int FLAG_A = 0x20;

  private SessionBmp() {}

  /** What the Peer Up told of a session, for its later messages' per-peer headers. */
  record Peer(PeerId id, IpAddress bgpId, boolean fourOctetAs) {}

  static int peerUpLength(byte[] sentOpen, byte[] receivedOpen) {
    return COMMON_HEADER + PER_PEER_HEADER + 20 + sentOpen.length + receivedOpen.length;
  }

  static void peerUp(ByteBuffer out, Peer p, long at, IpAddress local, int localPort, int remotePort, byte[] sent,
      byte[] received) {
    int length = peerUpLength(sent, received);
    common(out, length, PEER_UP);
    perPeer(out, p, at);
    address(out, local);
    out.putShort((short) localPort).putShort((short) remotePort).put(sent).put(received);
  }

  static int routeMonitoringLength(byte[] update) {
    return COMMON_HEADER + PER_PEER_HEADER + update.length;
  }

  static void routeMonitoring(ByteBuffer out, Peer p, long at, byte[] update) {
    common(out, routeMonitoringLength(update), ROUTE_MONITORING);
    perPeer(out, p, at);
    out.put(update);
  }

  static int peerDownLength(byte[] data) {
    return COMMON_HEADER + PER_PEER_HEADER + 1 + data.length;
  }

  static void peerDown(ByteBuffer out, Peer p, long at, int reason, byte[] data) {
    common(out, peerDownLength(data), PEER_DOWN);
    perPeer(out, p, at);
    out.put((byte) reason).put(data);
  }

  /** §4.1 common header. */
  private static void common(ByteBuffer out, int length, int type) {
    out.put((byte) VERSION).putInt(length).put((byte) type);
  }

  /** §4.2 per-peer header. */
  private static void perPeer(ByteBuffer out, Peer p, long at) {
    IpAddress address = p.id().address();
    int flags = (address.ipv6() ? FLAG_V : 0) | (p.fourOctetAs() ? 0 : FLAG_A);
    out.put((byte) 0).put((byte) flags).putLong(0);
    address(out, address);
    out.putInt((int) p.id().asn());
    if (p.bgpId().ipv6()) {
      out.putInt(0);
    } else {
      out.put(p.bgpId().bytes());
    }
    out.putInt((int) (at / 1000)).putInt((int) (at % 1000) * 1000);
  }

  /** 16 octets; an IPv4 address in the last 4, the rest zero (§4.2, §4.10). */
  private static void address(ByteBuffer out, IpAddress a) {
    byte[] b = a.bytes();
    out.position(out.position() + 16 - b.length); // the record is zero-filled
    out.put(b);
  }
}
