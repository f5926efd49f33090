package org.bgpsentry.daemon.session;

import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * What both OPENs agreed on (RFC 5492 §3: a capability is in use when both sides advertised it).
 *
 * @param holdTime the smaller Hold Time of both OPENs (RFC 4271 §4.2), 0 = no keepalives
 * @param families the families both sides advertised (RFC 4760 §8; IPv4 unicast when the peer sent
 *     no Multiprotocol capability)
 * @param addPathReceive families in which the peer sends Path Identifiers (RFC 7911 §5)
 * @param gracefulRestart the peer's Graceful Restart capability (RFC 4724 §3), or null
 * @param peerRole the peer's RFC 9234 role value, or -1 when it sent none
 * @param capabilities the peer's capabilities as received, for the API
 */
public record NegotiatedSession(
    long peerAsn,
    IpAddress peerId,
    int holdTime,
    boolean fourOctetAs,
    Set<Family> families,
    Set<Family> addPathReceive,
    boolean extendedMessage,
    boolean routeRefresh,
    boolean enhancedRouteRefresh,
    Capability.GracefulRestart gracefulRestart,
    int peerRole,
    List<Capability> capabilities) {
  public NegotiatedSession {
    families = Set.copyOf(families);
    addPathReceive = Set.copyOf(addPathReceive);
    capabilities = List.copyOf(capabilities);
  }

  /** The decoder settings of this session (docs/contributing.md R8). */
  public DecodeContext decodeContext() {
    return new DecodeContext(fourOctetAs, addPathReceive, extendedMessage);
  }

  static NegotiatedSession of(
      Open local, Open remote, Set<Family> families, Set<Family> addPath, int holdTime) {
    return new NegotiatedSession(
        remote.asn(),
        remote.bgpIdentifier(),
        holdTime,
        local.capability(Capability.FourOctetAs.class) != null
            && remote.capability(Capability.FourOctetAs.class) != null,
        families,
        addPath,
        remote.capability(Capability.ExtendedMessage.class) != null
            && local.capability(Capability.ExtendedMessage.class) != null,
        remote.capability(Capability.RouteRefresh.class) != null,
        remote.capability(Capability.EnhancedRouteRefresh.class) != null,
        remote.capability(Capability.GracefulRestart.class),
        remote.capability(Capability.BgpRole.class) == null
            ? -1
            : remote.capability(Capability.BgpRole.class).role(),
        remote.capabilities());
  }
}
