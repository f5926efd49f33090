package org.bgpsentry.daemon.session;

import org.bgpsentry.analytics.event.PeerRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.OptionalParameter;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;

class OpenNegotiationTest {
  static final SpeakerSettings SPEAKER =
      SpeakerSettings.of(
          List.of(new InetSocketAddress("127.0.0.1", 179)),
          4_200_000_000L,
          IpAddress.parse("192.0.2.1"));
  static final IpAddress PEER_ID = IpAddress.parse("192.0.2.11");

  static PeerSettings peer() {
    try {
      return PeerSettings.passive("edge1", InetAddress.getByName("192.0.2.11"), 64500);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static Open remote(long asn, int hold, IpAddress id, Capability... caps) {
    return Open.of(asn, hold, id, List.of(caps));
  }

  private static NotificationError error(Open local, Open remote, PeerSettings p) {
    return catchThrowableOfType(
            BgpNotificationException.class, () -> OpenNegotiation.negotiate(local, remote, p))
        .error();
  }

  @Test
  void contract9_ourOpenAdvertisesTheReceiveOnlyCapabilitySet() {
    Open open = OpenNegotiation.localOpen(SPEAKER, peer().withRole(PeerRole.PROVIDER));

    assertThat(open.myAutonomousSystem()).isEqualTo(Open.AS_TRANS);
    assertThat(open.asn()).isEqualTo(4_200_000_000L);
    assertThat(open.holdTime()).isEqualTo(90);
    assertThat(open.capabilities())
        .contains(
            new Capability.Multiprotocol(Family.IPV4_UNICAST),
            new Capability.Multiprotocol(Family.IPV6_UNICAST),
            new Capability.RouteRefresh(),
            new Capability.EnhancedRouteRefresh(),
            new Capability.FourOctetAs(4_200_000_000L),
            new Capability.ExtendedMessage(),
            new Capability.GracefulRestart(0, 0, List.of()),
            new Capability.BgpRole(Capability.BgpRole.CUSTOMER));
    assertThat(open.capability(Capability.AddPath.class).receiveFamilies())
        .containsExactlyInAnyOrder(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
  }

  @Test
  void rfc4271_6_2_wrongPeerAsIsBadPeerAs() {
    Open local = OpenNegotiation.localOpen(SPEAKER, peer());
    assertThat(error(local, remote(64501, 90, PEER_ID), peer()))
        .isEqualTo(NotificationError.BAD_PEER_AS);
  }

  @Test
  void rfc4271_6_2_holdTimeOfOneOrTwoSecondsIsUnacceptable() {
    Open local = OpenNegotiation.localOpen(SPEAKER, peer());
    assertThat(error(local, remote(64500, 2, PEER_ID), peer()))
        .isEqualTo(NotificationError.UNACCEPTABLE_HOLD_TIME);
  }

  @Test
  void rfc4271_6_2_versionOtherThan4IsUnsupportedWithOurVersionAsData() {
    Open local = OpenNegotiation.localOpen(SPEAKER, peer());
    Open v3 = new Open(3, 64500, 90, PEER_ID, List.of(), false);
    BgpNotificationException e =
        catchThrowableOfType(
            BgpNotificationException.class, () -> OpenNegotiation.negotiate(local, v3, peer()));
    assertThat(e.error()).isEqualTo(NotificationError.UNSUPPORTED_VERSION_NUMBER);
    assertThat(e.data().toHex()).isEqualTo("0004");
  }

  @Test
  void rfc6286_2_2_zeroIdentifierIsBadBgpIdentifier() {
    Open local = OpenNegotiation.localOpen(SPEAKER, peer());
    assertThat(error(local, remote(64500, 90, IpAddress.parse("0.0.0.0")), peer()))
        .isEqualTo(NotificationError.BAD_BGP_IDENTIFIER);
  }

  @Test
  void rfc6286_2_2_ourOwnIdentifierIsBadOnAnInternalSessionOnly() throws Exception {
    IpAddress ours = OpenNegotiationTest.SPEAKER.routerId();
    PeerSettings internal = PeerSettings.passive("rr1", InetAddress.getByName("192.0.2.12"), 4_200_000_000L);
    Open local = OpenNegotiation.localOpen(SPEAKER, internal);
    Open sameId = remote(4_200_000_000L, 90, ours, new Capability.FourOctetAs(4_200_000_000L));
    assertThat(error(local, sameId, internal)).isEqualTo(NotificationError.BAD_BGP_IDENTIFIER);
    // an external peer may have the same identifier (RFC 6286 §2.2 asks uniqueness within an AS)
    assertThat(OpenNegotiation.negotiate(OpenNegotiation.localOpen(SPEAKER, peer()), remote(64500, 90, ours), peer()))
        .isNotNull();
  }

  @Test
  void rfc9234_4_2_roleOtherThanConfiguredIsRoleMismatch() {
    PeerSettings p = peer().withRole(PeerRole.PROVIDER);
    Open local = OpenNegotiation.localOpen(SPEAKER, p);
    Open customer = remote(64500, 90, PEER_ID, new Capability.BgpRole(Capability.BgpRole.CUSTOMER));
    assertThat(error(local, customer, p)).isEqualTo(NotificationError.ROLE_MISMATCH);
    Open provider = remote(64500, 90, PEER_ID, new Capability.BgpRole(Capability.BgpRole.PROVIDER));
    assertThat(OpenNegotiation.negotiate(local, provider, p).peerRole())
        .isEqualTo(Capability.BgpRole.PROVIDER);
  }

  @Test
  void rfc5492_capabilitiesInUseAreThoseBothSidesAdvertised() {
    Open local = OpenNegotiation.localOpen(SPEAKER, peer());
    Open theirs =
        remote(
            64500,
            30,
            PEER_ID,
            new Capability.Multiprotocol(Family.IPV6_UNICAST),
            new Capability.Multiprotocol(Family.IPV4_MULTICAST),
            new Capability.FourOctetAs(64500),
            new Capability.AddPath(
                List.of(
                    new Capability.AddPath.Entry(Family.IPV6_UNICAST, Capability.AddPath.SEND))),
            new Capability.GracefulRestart(0, 120, List.of()));

    NegotiatedSession n = OpenNegotiation.negotiate(local, theirs, peer());

    assertThat(n.families()).isEqualTo(Set.of(Family.IPV6_UNICAST));
    assertThat(n.addPathReceive()).isEqualTo(Set.of(Family.IPV6_UNICAST));
    assertThat(n.holdTime()).isEqualTo(30);
    assertThat(n.fourOctetAs()).isTrue();
    assertThat(n.extendedMessage()).isFalse();
    assertThat(n.gracefulRestart().restartTime()).isEqualTo(120);
    assertThat(n.decodeContext().addPath(Family.IPV6_UNICAST)).isTrue();
  }

  @Test
  void rfc4760_8_noMultiprotocolCapabilityMeansIpv4UnicastOnly() {
    Open local = OpenNegotiation.localOpen(SPEAKER, peer());
    NegotiatedSession n = OpenNegotiation.negotiate(local, remote(64500, 0, PEER_ID), peer());
    assertThat(n.families()).isEqualTo(Set.of(Family.IPV4_UNICAST));
    assertThat(n.holdTime()).isZero();
    assertThat(n.fourOctetAs()).isFalse();
  }

  @Test
  void rfc4271_6_2_optionalParameterOtherThanCapabilitiesIsUnsupportedOptionalParameter() {
    Open local = OpenNegotiation.localOpen(SPEAKER, peer());
    // Type 1, Authentication Information (RFC 1771), deprecated by RFC 5492.
    Open auth =
        new Open(
            4,
            64500,
            90,
            PEER_ID,
            List.of(new OptionalParameter.Unknown(1, OpaqueBytes.of(new byte[] {0}))),
            false);
    assertThat(error(local, auth, peer()))
        .isEqualTo(NotificationError.UNSUPPORTED_OPTIONAL_PARAMETER);
  }

  @Test
  void rfc9234_4_2_bgpRoleCapabilitiesWithDifferentValuesAreRoleMismatch() {
    Open local = OpenNegotiation.localOpen(SPEAKER, peer());
    Open two =
        remote(
            64500,
            90,
            PEER_ID,
            new Capability.BgpRole(Capability.BgpRole.PROVIDER),
            new Capability.BgpRole(Capability.BgpRole.PEER));
    assertThat(error(local, two, peer())).isEqualTo(NotificationError.ROLE_MISMATCH);
    Open same =
        remote(
            64500,
            90,
            PEER_ID,
            new Capability.BgpRole(Capability.BgpRole.PEER),
            new Capability.BgpRole(Capability.BgpRole.PEER));
    assertThat(OpenNegotiation.negotiate(local, same, peer()).peerRole())
        .isEqualTo(Capability.BgpRole.PEER);
  }
}
