package org.bgpsentry.daemon.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.OptionalParameter;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * Our OPEN and the checks of the peer's: RFC 4271 §6.2 (OPEN Message Error Handling, including
 * 2/4 for an optional parameter other than Capabilities), RFC 5492, RFC 9234 §4.2 (role mismatch,
 * also between several Role capabilities of one OPEN). docs/operators-guide.md "How the sessions behave": we advertise 4-octet AS, Multiprotocol for the
 * configured families, route refresh, enhanced route refresh, ADD-PATH receive, extended messages,
 * graceful restart as a helper only (no families, restart time 0), and BGP Role when configured.
 */
final class OpenNegotiation {
  private OpenNegotiation() {}

  /** The OPEN we send to {@code peer}. */
  static Open localOpen(SpeakerSettings speaker, PeerSettings peer) {
    List<Capability> caps = new ArrayList<>();
    List<Capability.AddPath.Entry> addPath = new ArrayList<>();
    for (Family f : List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)) {
      if (peer.families().contains(f)) {
        caps.add(new Capability.Multiprotocol(f));
        addPath.add(new Capability.AddPath.Entry(f, Capability.AddPath.RECEIVE));
      }
    }
    caps.add(new Capability.RouteRefresh());
    caps.add(new Capability.EnhancedRouteRefresh());
    caps.add(new Capability.FourOctetAs(speaker.localAsn()));
    caps.add(new Capability.AddPath(addPath));
    caps.add(new Capability.ExtendedMessage());
    caps.add(new Capability.GracefulRestart(0, 0, List.of()));
    if (peer.role() != null) {
      caps.add(new Capability.BgpRole(peer.role().localValue()));
    }
    return Open.of(speaker.localAsn(), holdTime(speaker, peer), speaker.routerId(), caps);
  }

  /** Our Hold Time for {@code peer}, in seconds. */
  static int holdTime(SpeakerSettings speaker, PeerSettings peer) {
    return (int) (peer.holdTime() != null ? peer.holdTime() : speaker.holdTime()).toSeconds();
  }

  /**
   * Checks the peer's OPEN against ours and the configuration, and negotiates.
   *
   * @throws BgpNotificationException the OPEN Message Error to send
   */
  static NegotiatedSession negotiate(Open local, Open remote, PeerSettings peer) {
    if (remote.version() != Open.VERSION) {
      // RFC 4271 §6.2: data = the largest locally supported version number, 2 octets.
      throw new BgpNotificationException(
          NotificationError.UNSUPPORTED_VERSION_NUMBER,
          OpaqueBytes.of(new byte[] {0, Open.VERSION}),
          "BGP version " + remote.version() + " (expected: 4)");
    }
    if (remote.asn() != peer.remoteAsn()) {
      throw new BgpNotificationException(
          NotificationError.BAD_PEER_AS,
          "peer AS " + remote.asn() + " (expected: " + peer.remoteAsn() + ")");
    }
    if (remote.holdTime() == 1 || remote.holdTime() == 2) {
      throw new BgpNotificationException(
          NotificationError.UNACCEPTABLE_HOLD_TIME,
          "hold time " + remote.holdTime() + " (expected: 0 or at least 3)");
    }
    long id = remote.bgpIdentifier().ipv4Address() & 0xffff_ffffL;
    boolean internal = remote.asn() == local.asn();
    if (id == 0 || (internal && remote.bgpIdentifier().equals(local.bgpIdentifier()))) {
      // RFC 6286 §2.2: zero, or our own identifier on an internal session.
      throw new BgpNotificationException(
          NotificationError.BAD_BGP_IDENTIFIER,
          "BGP identifier "
              + remote.bgpIdentifier()
              + " (expected: non-zero"
              + (internal ? ", different from ours)" : ")"));
    }
    for (OptionalParameter p : remote.parameters()) {
      if (p instanceof OptionalParameter.Unknown u) {
        // RFC 4271 §6.2: an Optional Parameter that is not recognized (RFC 5492 §4 left only
        // Capabilities, type 2; type 1 Authentication is deprecated).
        throw new BgpNotificationException(
            NotificationError.UNSUPPORTED_OPTIONAL_PARAMETER,
            "optional parameter type " + u.parameterType() + " (expected: 2, Capabilities)");
      }
    }
    Capability.BgpRole role = remote.capability(Capability.BgpRole.class);
    for (Capability c : remote.capabilities()) {
      if (c instanceof Capability.BgpRole other && other.role() != role.role()) {
        // RFC 9234 §4.2: several BGP Role capabilities that do not all carry the same value.
        throw new BgpNotificationException(
            NotificationError.ROLE_MISMATCH,
            "BGP Role capabilities with roles " + role.role() + " and " + other.role()
                + " (expected: one role)");
      }
    }
    if (peer.role() != null && role != null && role.role() != peer.role().peerValue()) {
      // RFC 9234 §4.2: the pair of roles is not one of Table 2.
      throw new BgpNotificationException(
          NotificationError.ROLE_MISMATCH,
          "peer role "
              + role.role()
              + " (expected: "
              + peer.role().peerValue()
              + ", "
              + peer.role().name().toLowerCase()
              + ")");
    }
    Set<Family> families = new HashSet<>();
    boolean anyMultiprotocol = false;
    for (Capability c : remote.capabilities()) {
      if (c instanceof Capability.Multiprotocol mp) {
        anyMultiprotocol = true;
        if (peer.families().contains(mp.family())) {
          families.add(mp.family());
        }
      }
    }
    if (!anyMultiprotocol && peer.families().contains(Family.IPV4_UNICAST)) {
      families.add(Family.IPV4_UNICAST); // RFC 4760 §8: no capability = IPv4 unicast only
    }
    Set<Family> addPath = new HashSet<>();
    Capability.AddPath theirs = remote.capability(Capability.AddPath.class);
    if (theirs != null) {
      for (Family f : theirs.sendFamilies()) {
        if (families.contains(f)) {
          addPath.add(f); // we advertised receive for every configured family
        }
      }
    }
    int holdTime = Math.min(local.holdTime(), remote.holdTime());
    return NegotiatedSession.of(local, remote, families, addPath, holdTime);
  }
}
