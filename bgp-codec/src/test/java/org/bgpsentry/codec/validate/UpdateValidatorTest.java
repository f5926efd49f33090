package org.bgpsentry.codec.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** docs/contributing.md R7: semantic checks against the session. */
class UpdateValidatorTest {
  private static final SessionContext EBGP = SessionContext.of(64500, 64496);
  private static final List<Nlri> NLRI = List.of(Nlri.of(Prefix.parse("198.51.100.0/24")));

  private static UpdateResult validate(SessionContext s, List<Nlri> nlri, PathAttribute... attrs) {
    return UpdateValidator.validate(
        UpdateResult.ok(new Update(List.of(), PathAttributes.of(attrs), nlri)), s);
  }

  private static PathAttribute origin() {
    return new PathAttribute.Origin(OriginType.IGP);
  }

  private static PathAttribute path(long... asns) {
    return new PathAttribute.AsPath(List.of(AsPathSegment.sequence(asns)));
  }

  private static PathAttribute nextHop(String ip) {
    return new PathAttribute.NextHop(IpAddress.parse(ip));
  }

  @Test
  void aValidEbgpUpdatePassesUnchanged() {
    UpdateResult in =
        UpdateResult.ok(
            new Update(List.of(), PathAttributes.of(origin(), path(64496, 64511), nextHop("192.0.2.1")), NLRI));
    assertThat(UpdateValidator.validate(in, EBGP)).isSameAs(in);
  }

  @Test
  void rfc7606_3d_missingWellKnownMandatoryAttributeIsTreatAsWithdraw() {
    UpdateResult r = validate(EBGP, NLRI, path(64496), nextHop("192.0.2.1"));
    assertThat(r.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(r.issues().get(0).error()).isEqualTo(NotificationError.MISSING_WELL_KNOWN_ATTRIBUTE);
    assertThat(r.issues().get(0).data()).isEqualTo(OpaqueBytes.ofHex("01"));
    assertThat(validate(EBGP, NLRI, origin(), path(64496)).issues())
        .extracting(DecodeIssue::data)
        .containsExactly(OpaqueBytes.ofHex("03"));
  }

  @Test
  void withdrawalsAloneNeedNoAttributes() {
    UpdateResult in =
        UpdateResult.ok(new Update(NLRI, PathAttributes.EMPTY, List.of()));
    assertThat(UpdateValidator.validate(in, EBGP).issues()).isEmpty();
  }

  @Test
  void rfc4271_6_3_firstAsMustBeTheExternalPeersAs() {
    UpdateResult r = validate(EBGP, NLRI, origin(), path(64511, 64496), nextHop("192.0.2.1"));
    assertThat(r.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(r.issues().get(0).error()).isEqualTo(NotificationError.MALFORMED_AS_PATH);
    SessionContext routeServer =
        new SessionContext(64500, 64496, EBGP.families(), false, null);
    assertThat(validate(routeServer, NLRI, origin(), path(64511), nextHop("192.0.2.1")).issues()).isEmpty();
    SessionContext ibgp = SessionContext.of(64496, 64496);
    assertThat(validate(ibgp, NLRI, origin(), path(), nextHop("192.0.2.1")).issues()).isEmpty();
  }

  @Test
  void rfc4271_6_3_semanticallyIncorrectNextHopIsTreatAsWithdraw() {
    for (String nh : List.of("0.0.0.0", "224.0.0.5", "255.255.255.255", "192.0.2.9")) {
      SessionContext s = new SessionContext(64500, 64496, EBGP.families(), true, IpAddress.parse("192.0.2.9"));
      UpdateResult r = validate(s, NLRI, origin(), path(64496), nextHop(nh));
      assertThat(r.action()).as(nh).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
      assertThat(r.issues().get(0).error()).as(nh).isEqualTo(NotificationError.INVALID_NEXT_HOP_ATTRIBUTE);
    }
  }

  @Test
  void rfc2545_3_anUnspecifiedGlobalNextHopWithALinkLocalOneIsAccepted() {
    SessionContext v6 = EBGP.withFamilies(Family.IPV6_UNICAST);
    for (String[] nh : new String[][] {{"::", "fe80::1"}, {"::"}, {"::", "2001:db8::1"}}) {
      PathAttribute reach =
          new PathAttribute.MpReachNlri(
              Family.IPV6_UNICAST,
              java.util.Arrays.stream(nh).map(IpAddress::parse).toList(),
              OpaqueBytes.EMPTY,
              List.of(Nlri.of(Prefix.parse("2001:db8::/32"))),
              OpaqueBytes.EMPTY);
      UpdateResult r = validate(v6, List.of(), origin(), path(64496), reach);
      assertThat(r.action())
          .as(String.join(" ", nh))
          .isEqualTo(nh.length == 2 && nh[1].startsWith("fe80") ? ErrorAction.NONE : ErrorAction.TREAT_AS_WITHDRAW);
    }
  }

  @Test
  void rfc7606_7_5_localPrefFromAnExternalPeerIsDiscarded() {
    UpdateResult r =
        validate(EBGP, NLRI, origin(), path(64496), nextHop("192.0.2.1"), new PathAttribute.LocalPref(200));
    assertThat(r.action()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
    assertThat(r.update().attributes().localPref()).isEqualTo(-1);
    assertThat(r.routesToAnnounce().get(Family.IPV4_UNICAST)).isEqualTo(NLRI);
  }

  @Test
  void rfc4760_familyNotNegotiatedIsIgnored() {
    PathAttribute reach =
        new PathAttribute.MpReachNlri(
            Family.IPV6_UNICAST,
            List.of(IpAddress.parse("2001:db8::1")),
            OpaqueBytes.EMPTY,
            List.of(Nlri.of(Prefix.parse("2001:db8::/32"))),
            OpaqueBytes.EMPTY);
    UpdateResult r = validate(EBGP, List.of(), origin(), path(64496), reach);
    assertThat(r.action()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
    assertThat(r.routesToAnnounce()).isEmpty();
    UpdateResult ok = validate(EBGP.withFamilies(Family.IPV6_UNICAST), List.of(), origin(), path(64496), reach);
    assertThat(ok.issues()).isEmpty();
  }

  @Test
  void rfc7607_2_as0InAsPathIsTreatAsWithdrawInTheOtherAsAttributesAttributeDiscard() {
    UpdateResult path0 = validate(EBGP, NLRI, origin(), path(64496, 0, 64511), nextHop("192.0.2.1"));
    assertThat(path0.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(path0.issues().get(0).error()).isEqualTo(NotificationError.MALFORMED_AS_PATH);
    assertThat(path0.routesToAnnounce()).isEmpty();

    // a 2-octet session: AS_PATH 64496 AS_TRANS, AS4_PATH 0 4200000000; AGGREGATOR 0
    PathAttribute as4Path =
        new PathAttribute.As4Path(List.of(AsPathSegment.sequence(0, 4_200_000_000L)));
    PathAttribute aggregator = new PathAttribute.Aggregator(0, IpAddress.parse("192.0.2.7"), false);
    PathAttribute as4Aggregator = new PathAttribute.As4Aggregator(0, IpAddress.parse("192.0.2.7"));
    UpdateResult r =
        UpdateValidator.validate(
            UpdateResult.ok(
                new Update(
                    List.of(),
                    new PathAttributes(
                        List.of(origin(), path(64496, 23456), nextHop("192.0.2.1"), aggregator, as4Path, as4Aggregator),
                        new byte[] {0x40, 0x40, 0x40, (byte) 0xc0, (byte) 0xc0, (byte) 0xc0},
                        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(64496, 0, 4_200_000_000L)))),
                    NLRI)),
            EBGP);
    assertThat(r.action()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
    assertThat(r.issues()).hasSize(3);
    assertThat(r.update().attributes().list()).containsExactly(origin(), path(64496, 23456), nextHop("192.0.2.1"));
    assertThat(r.update().attributes().asPath())
        .as("the AS4_PATH discarded, the AS_PATH as it came")
        .isEqualTo(path(64496, 23456));
    assertThat(r.routesToAnnounce().get(Family.IPV4_UNICAST)).isEqualTo(NLRI);
  }
}
