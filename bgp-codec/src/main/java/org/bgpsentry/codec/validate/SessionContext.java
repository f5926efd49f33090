package org.bgpsentry.codec.validate;

import java.util.Set;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * What {@link UpdateValidator} needs to know about the session (docs/contributing.md R7): both ASes, the
 * families negotiated (RFC 4760 §8; without Multiprotocol capabilities only IPv4 unicast), whether
 * the first AS must be the peer's (RFC 4271 §6.3; off for route servers, RFC 7947 §2.2.2.1), and
 * the local address the peer must not name as next hop (null when unknown).
 */
public record SessionContext(
    long localAs, long peerAs, Set<Family> families, boolean enforceFirstAs, IpAddress localAddress) {
  public SessionContext {
    families = Set.copyOf(families);
  }

  /** IPv4 unicast only, first AS enforced, local address unknown. */
  public static SessionContext of(long localAs, long peerAs) {
    return new SessionContext(localAs, peerAs, Set.of(Family.IPV4_UNICAST), true, null);
  }

  /** This context with {@code families} negotiated. */
  public SessionContext withFamilies(Family... families) {
    return new SessionContext(localAs, peerAs, Set.of(families), enforceFirstAs, localAddress);
  }

  /** External BGP: the peer is in another AS (RFC 4271 §1.1). */
  public boolean ebgp() {
    return localAs != peerAs;
  }
}
