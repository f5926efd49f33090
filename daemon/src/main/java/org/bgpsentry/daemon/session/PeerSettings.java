package org.bgpsentry.daemon.session;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * One configured BGP neighbour (CONTRACT.md §3 {@code peers}); the config loader maps its YAML onto
 * this record.
 *
 * @param port the peer's port for active mode (179 unless configured)
 * @param md5Password RFC 2385 TCP MD5 key, or null
 * @param role the peer's RFC 9234 role, or null when not configured
 * @param families the address families to negotiate (at least one)
 * @param holdTime our Hold Time for this peer, or null for the speaker's
 */
public record PeerSettings(
    String name,
    InetAddress address,
    int port,
    long remoteAsn,
    PeerMode mode,
    String md5Password,
    PeerRole role,
    Set<Family> families,
    Duration holdTime) {
  public static final int BGP_PORT = 179;

  public PeerSettings {
    families = Set.copyOf(families);
    if (families.isEmpty()) {
      throw new IllegalArgumentException("peer " + name + ": no families (expected: at least one)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "peer " + name + ": port " + port + " (expected: 1..65535)");
    }
  }

  /** A passive IPv4+IPv6 unicast peer with no MD5, no role, the speaker's hold time. */
  public static PeerSettings passive(String name, InetAddress address, long remoteAsn) {
    return new PeerSettings(
        name,
        address,
        BGP_PORT,
        remoteAsn,
        PeerMode.PASSIVE,
        null,
        null,
        Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST),
        null);
  }

  /** An active peer at {@code address:port}, IPv4+IPv6 unicast. */
  public static PeerSettings active(String name, InetAddress address, int port, long remoteAsn) {
    return new PeerSettings(
        name,
        address,
        port,
        remoteAsn,
        PeerMode.ACTIVE,
        null,
        null,
        Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST),
        null);
  }

  public PeerSettings withRole(PeerRole r) {
    return new PeerSettings(
        name, address, port, remoteAsn, mode, md5Password, r, families, holdTime);
  }

  public PeerSettings withHoldTime(Duration h) {
    return new PeerSettings(name, address, port, remoteAsn, mode, md5Password, role, families, h);
  }

  public PeerSettings withMd5Password(String p) {
    return new PeerSettings(name, address, port, remoteAsn, mode, p, role, families, holdTime);
  }
}
