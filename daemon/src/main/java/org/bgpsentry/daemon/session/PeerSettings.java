package org.bgpsentry.daemon.session;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * One configured BGP neighbour (docs/configuration.md {@code peers}); the config loader maps its YAML onto
 * this record.
 *
 * @param port the peer's port for active mode (179 unless configured)
 * @param md5Password RFC 2385 TCP MD5 key, or null
 * @param role the peer's RFC 9234 role, or null when not configured
 * @param families the address families to negotiate (at least one)
 * @param holdTime our Hold Time for this peer, or null for the speaker's
 * @param maxPrefixes routes allowed per family; more close the session with Cease/Maximum Number
 *     of Prefixes Reached (RFC 4486 §4); a family not in the map has no limit
 * @param delayOpen RFC 4271 §8.1.1 DelayOpenTime; zero = DelayOpen off
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
    Duration holdTime,
    Map<Family, Long> maxPrefixes,
    Duration delayOpen) {
  public static final int BGP_PORT = 179;

  public PeerSettings {
    families = Set.copyOf(families);
    maxPrefixes = Map.copyOf(maxPrefixes);
    if (families.isEmpty()) {
      throw new IllegalArgumentException("peer " + name + ": no families (expected: at least one)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "peer " + name + ": port " + port + " (expected: 1..65535)");
    }
  }

  /**
   * Whether a session made with these settings can go on under {@code next} (config reload, soft
   * reconfiguration): true when they differ at most in what neither our OPEN nor the transport
   * carries, which the running session takes over in place ({@link PeerConnections#reconfigure}):
   *
   * <ul>
   *   <li>{@code maxPrefixes}: a local bound on the Adj-RIB-In (RFC 4486 §4), nothing the peer sees;
   *   <li>{@code delayOpen}: only holds back our OPEN after a connection comes up (RFC 4271 §8.1.1),
   *       so it matters from the next connection on, never to an Established session.
   * </ul>
   *
   * <p>Anything else resets the session: {@code address}, {@code port}, {@code mode} and {@code
   * md5Password} make the TCP connection (RFC 4271 §8.2.1, RFC 2385 §2); {@code remoteAsn} is what
   * the peer's OPEN was checked against (RFC 4271 §6.2); {@code holdTime}, {@code families} and
   * {@code role} are in our OPEN (RFC 4271 §4.2 Hold Time, RFC 4760 §8 Multiprotocol and RFC 9234
   * §4.1 BGP Role capabilities), and capabilities are agreed only in the OPENs (RFC 5492 §3). A
   * setting added later resets too until it is listed here.
   */
  public boolean sameSession(PeerSettings next) {
    return withMaxPrefixes(next.maxPrefixes).withDelayOpen(next.delayOpen).equals(next);
  }

  /** A passive IPv4+IPv6 unicast peer with no MD5, no role, the speaker's hold time. */
  public static PeerSettings passive(String name, InetAddress address, long remoteAsn) {
    return unicast(name, address, BGP_PORT, remoteAsn, PeerMode.PASSIVE);
  }

  /** An active peer at {@code address:port}, IPv4+IPv6 unicast. */
  public static PeerSettings active(String name, InetAddress address, int port, long remoteAsn) {
    return unicast(name, address, port, remoteAsn, PeerMode.ACTIVE);
  }

  /** IPv4+IPv6 unicast, no MD5, no role, the speaker's hold time, no limits, no DelayOpen. */
  private static PeerSettings unicast(
      String name, InetAddress address, int port, long remoteAsn, PeerMode mode) {
    return new PeerSettings(
        name,
        address,
        port,
        remoteAsn,
        mode,
        null,
        null,
        Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST),
        null,
        Map.of(),
        Duration.ZERO);
  }

  public PeerSettings withRole(PeerRole r) {
    return new PeerSettings(
        name, address, port, remoteAsn, mode, md5Password, r, families, holdTime, maxPrefixes,
        delayOpen);
  }

  public PeerSettings withHoldTime(Duration h) {
    return new PeerSettings(
        name, address, port, remoteAsn, mode, md5Password, role, families, h, maxPrefixes,
        delayOpen);
  }

  public PeerSettings withMd5Password(String p) {
    return new PeerSettings(
        name, address, port, remoteAsn, mode, p, role, families, holdTime, maxPrefixes, delayOpen);
  }

  public PeerSettings withMaxPrefixes(Map<Family, Long> m) {
    return new PeerSettings(
        name, address, port, remoteAsn, mode, md5Password, role, families, holdTime, m, delayOpen);
  }

  public PeerSettings withDelayOpen(Duration d) {
    return new PeerSettings(
        name, address, port, remoteAsn, mode, md5Password, role, families, holdTime, maxPrefixes,
        d);
  }
}
