package org.bgpsentry.codec.wire.attr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.codec.testing.Hex.hex;
import static org.bgpsentry.codec.testing.Hex.toHex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.AttributeType;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttribute.Aggregator;
import org.bgpsentry.codec.model.attr.PathAttribute.MpReachNlri;
import org.bgpsentry.codec.model.attr.PathAttribute.MpUnreachNlri;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.junit.jupiter.api.Test;

/** docs/contributing.md R13 (b) and (c): inline hex per attribute, one-byte mutations per RFC 7606 rule. */
class PathAttributesCodecTest {
  private static final DecodeContext TWO = DecodeContext.DEFAULT;
  private static final DecodeContext FOUR = DecodeContext.FOUR_OCTET_AS;

  static AttributesResult decode(DecodeContext ctx, String... hex) {
    ByteBuf in = hex(hex);
    try {
      AttributesResult r = PathAttributesCodec.decode(in, ctx, false);
      assertThat(in.isReadable()).isFalse();
      return r;
    } finally {
      in.release();
    }
  }

  static String encode(PathAttributes attrs, DecodeContext ctx) {
    ByteBuf out = Unpooled.directBuffer();
    try {
      PathAttributesCodec.encode(attrs, ctx, out);
      return toHex(out);
    } finally {
      out.release();
    }
  }

  /** Decodes, checks there is no issue, re-encodes to the same bytes, returns the attributes. */
  static PathAttributes roundTrip(DecodeContext ctx, String... hex) {
    AttributesResult r = decode(ctx, hex);
    assertThat(r.issues()).isEmpty();
    assertThat(r.action()).isEqualTo(ErrorAction.NONE);
    assertThat(encode(r.attributes(), ctx)).isEqualTo(String.join("", hex).replace(" ", ""));
    return r.attributes();
  }

  static DecodeIssue onlyIssue(AttributesResult r) {
    assertThat(r.issues()).hasSize(1);
    return r.issues().get(0);
  }

  // ---- (b) inline hex, every attribute ----

  @Test
  void rfc4271_4_3_wellKnownAttributesTwoOctetAs() {
    PathAttributes a =
        roundTrip(
            TWO,
            "40 01 01 02", //                         ORIGIN INCOMPLETE
            "40 02 0a 02 02 fbf0 fbf1 01 01 fbf2", // AS_PATH SEQUENCE [64496 64497] SET {64498}
            "40 03 04 c0000201", //                   NEXT_HOP 192.0.2.1
            "80 04 04 00000064", //                   MULTI_EXIT_DISC 100
            "40 05 04 000000c8", //                   LOCAL_PREF 200
            "40 06 00", //                            ATOMIC_AGGREGATE
            "c0 07 06 fbf0 c0000202"); //             AGGREGATOR 64496 192.0.2.2 (2-octet)
    assertThat(a.origin()).isEqualTo(OriginType.INCOMPLETE);
    assertThat(a.asPath().segments())
        .containsExactly(AsPathSegment.sequence(64496, 64497), AsPathSegment.set(64498));
    assertThat(a.nextHop().address()).isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(a.med()).isEqualTo(100);
    assertThat(a.localPref()).isEqualTo(200);
    assertThat(a.find(PathAttribute.AtomicAggregate.class)).isNotNull();
    assertThat(a.find(Aggregator.class))
        .isEqualTo(new Aggregator(64496, IpAddress.parse("192.0.2.2"), false));
  }

  @Test
  void rfc6793_fourOctetAsPathAndAggregator() {
    PathAttributes a =
        roundTrip(
            FOUR,
            "40 02 0e 02 03 0000fbf0 00030000 fffffffe", // AS_PATH [64496 196608 4294967294]
            "c0 07 08 00030000 c0000202"); //             AGGREGATOR 196608 192.0.2.2
    assertThat(a.asPath().segments())
        .containsExactly(AsPathSegment.sequence(64496, 196608, 4294967294L));
    assertThat(a.find(Aggregator.class).asn()).isEqualTo(196608);
  }

  @Test
  void rfc5065_confederationSegments() {
    PathAttributes a =
        roundTrip(
            FOUR,
            "40 02 16", //                         AS_PATH, 22 octets
            "03 01 0000fde8", //                   AS_CONFED_SEQUENCE (65000)
            "04 02 0000fde9 0000fdea", //          AS_CONFED_SET [65001 65002]
            "02 01 0000fbf0"); //                  AS_SEQUENCE 64496
    assertThat(a.asPath().segments())
        .extracting(AsPathSegment::type)
        .containsExactly(SegmentType.AS_CONFED_SEQUENCE, SegmentType.AS_CONFED_SET, SegmentType.AS_SEQUENCE);
  }

  @Test
  void rfc1997_rfc4360_rfc5701_rfc8092_communities() {
    PathAttributes a =
        roundTrip(
            FOUR,
            "c0 08 08 fbf00064 ffffff01", //                    COMMUNITIES 64496:100 NO_EXPORT
            "c0 10 08 0002fbf0 00000064", //                    EXTENDED_COMMUNITIES rt 64496:100
            "c0 19 14 0002 20010db8000000000000000000000001 0064", // IPv6 ext community
            "c0 20 0c 0000fbf0 00000001 00000002"); //          LARGE_COMMUNITY 64496:1:2
    assertThat(a.communities()).containsExactly(0xfbf00064, 0xffffff01);
    assertThat(a.find(PathAttribute.ExtendedCommunities.class).values())
        .containsExactly(0x0002fbf000000064L);
    assertThat(a.find(PathAttribute.Ipv6ExtendedCommunities.class).values()).hasSize(1);
    assertThat(a.largeCommunities()).containsExactly(new LargeCommunity(64496, 1, 2));
  }

  @Test
  void rfc4456_originatorIdAndClusterList() {
    PathAttributes a =
        roundTrip(
            TWO,
            "80 09 04 c0000201", //              ORIGINATOR_ID 192.0.2.1
            "80 0a 08 c0000202 c0000203"); //    CLUSTER_LIST 192.0.2.2 192.0.2.3
    assertThat(a.find(PathAttribute.OriginatorId.class).id()).isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(a.find(PathAttribute.ClusterList.class).ids())
        .containsExactly(IpAddress.parse("192.0.2.2"), IpAddress.parse("192.0.2.3"));
  }

  @Test
  void rfc9234_otc_rfc7311_aigp_rfc6793_as4Attributes() {
    PathAttributes a =
        roundTrip(
            TWO,
            "c0 11 0a 02 02 00030000 00030001", //      AS4_PATH [196608 196609]
            "c0 12 08 00030000 c0000201", //            AS4_AGGREGATOR 196608 192.0.2.1
            "80 1a 0b 01 000b 0000000000000064", //     AIGP TLV type 1 metric 100
            "c0 23 04 0000fbf0"); //                    OTC 64496
    assertThat(a.otc()).isEqualTo(64496);
    assertThat(a.find(PathAttribute.As4Aggregator.class).asn()).isEqualTo(196608);
    assertThat(a.find(PathAttribute.Aigp.class).tlvs())
        .isEqualTo(OpaqueBytes.ofHex("01000b0000000000000064"));
  }

  @Test
  void rfc4271_5_unknownOptionalTransitiveKeptWithFlagsAndPartialBit() {
    PathAttributes a =
        roundTrip(
            TWO,
            "e0 63 03 010203", //                  type 99, optional transitive partial
            "d0 64 0002 0405"); //                 type 100, extended length
    assertThat(a.list())
        .containsExactly(
            new PathAttribute.Unknown(new AttributeType(99), 0xe0, OpaqueBytes.ofHex("010203")),
            new PathAttribute.Unknown(new AttributeType(100), 0xd0, OpaqueBytes.ofHex("0405")));
  }

  @Test
  void rfc4760_3_mpReachIpv6WithLinkLocalNextHop_rfc2545() {
    PathAttributes a =
        roundTrip(
            TWO,
            "80 0e 31 0002 01", //                           MP_REACH_NLRI ipv6 unicast
            "20 20010db8000000000000000000000001", //        next hop length 32, global
            "   fe800000000000000000000000000001", //        link-local (RFC 2545 §3)
            "00", //                                          Reserved
            "20 20010db8", //                                 2001:db8::/32
            "30 20010db80001"); //                            2001:db8:1::/48
    MpReachNlri r = a.find(MpReachNlri.class);
    assertThat(r.family()).isEqualTo(Family.IPV6_UNICAST);
    assertThat(r.nextHops()).hasSize(2);
    assertThat(r.nextHops().get(1).isLinkLocal()).isTrue();
    assertThat(r.nlri())
        .containsExactly(Nlri.of(Prefix.parse("2001:db8::/32")), Nlri.of(Prefix.parse("2001:db8:1::/48")));
  }

  @Test
  void rfc7911_3_mpReachAndUnreachWithPathIdentifiers() {
    DecodeContext ctx = FOUR.withAddPath(Family.IPV6_UNICAST, Family.IPV4_MULTICAST);
    PathAttributes a =
        roundTrip(
            ctx,
            "80 0e 1e 0002 01 10 20010db8000000000000000000000001 00", // MP_REACH ipv6, nh
            "00000007 20 20010db8", //                  path id 7, 2001:db8::/32
            "80 0f 0b 0001 02", //                      MP_UNREACH ipv4 multicast
            "00000001 18 c63364"); //                   path id 1, 198.51.100.0/24
    assertThat(a.find(MpReachNlri.class).nlri())
        .containsExactly(new Nlri(Prefix.parse("2001:db8::/32"), 7));
    assertThat(a.find(MpUnreachNlri.class).withdrawn())
        .containsExactly(new Nlri(Prefix.parse("198.51.100.0/24"), 1));
  }

  @Test
  void rfc4760_otherFamiliesKeptOpaque() {
    PathAttributes a =
        roundTrip(
            FOUR,
            "80 0e 12 0001 80 0c 0000000000000000 c0000201 00 ab", // MP_REACH vpnv4, RD+nh
            "80 0f 04 0019 46 cd"); //                               MP_UNREACH l2vpn evpn
    assertThat(a.find(MpReachNlri.class).opaqueNlri()).isEqualTo(OpaqueBytes.ofHex("ab"));
    assertThat(a.find(MpReachNlri.class).rawNextHop().length()).isEqualTo(12);
    assertThat(a.find(MpUnreachNlri.class).family()).isEqualTo(Family.of(25, 70));
  }

  @Test
  void rfc6396_4_3_4_mrtAbbreviatedMpReachHasOnlyTheNextHop() {
    ByteBuf in = hex("80 0e 11 10 20010db8000000000000000000000001");
    AttributesResult r = PathAttributesCodec.decode(in, FOUR, true);
    in.release();
    assertThat(r.issues()).isEmpty();
    MpReachNlri m = r.attributes().find(MpReachNlri.class);
    assertThat(m.family()).isEqualTo(Family.IPV6_UNICAST);
    assertThat(m.nextHops()).containsExactly(IpAddress.parse("2001:db8::1"));
    ByteBuf out = Unpooled.directBuffer();
    PathAttributesCodec.encode(r.attributes(), FOUR, true, out);
    assertThat(toHex(out)).isEqualTo("800e111020010db8000000000000000000000001");
    out.release();
  }

  @Test
  void extendedLengthFlagSetWhenAValueExceeds255Octets() {
    long[] asns = new long[100];
    java.util.Arrays.fill(asns, 64496);
    PathAttributes attrs = PathAttributes.of(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(asns))));
    String hex = encode(attrs, FOUR);
    assertThat(hex).startsWith("50020192 0264".replace(" ", "")); // 0x50: Extended Length, 402 octets
    assertThat(decode(FOUR, hex).attributes().asPath()).isEqualTo(attrs.asPath());
  }

  // ---- RFC 6793 §4.2.3 AS4_PATH merge ----

  @Test
  void rfc6793_4_2_3_as4PathReplacesTheTailOfAsPath() {
    PathAttributes a =
        roundTrip(
            TWO,
            "40 02 08 02 03 fde8 5ba0 5ba0", //           AS_PATH [65000 23456 23456]
            "c0 11 0a 02 02 00030000 00030001"); //       AS4_PATH [196608 196609]
    assertThat(a.asPath().segments())
        .containsExactly(AsPathSegment.sequence(65000, 196608, 196609));
    assertThat(a.find(PathAttribute.AsPath.class).segments())
        .containsExactly(AsPathSegment.sequence(65000, 23456, 23456));
  }

  @Test
  void rfc6793_4_2_3_as4PathLongerThanAsPathIsIgnored() {
    PathAttributes a =
        roundTrip(
            TWO,
            "40 02 04 02 01 5ba0", //                       AS_PATH [23456]
            "c0 11 0a 02 02 00030000 00030001"); //         AS4_PATH [196608 196609]
    assertThat(a.asPath().segments()).containsExactly(AsPathSegment.sequence(23456));
  }

  @Test
  void rfc6793_4_2_3_realAggregatorAsMakesAs4PathIgnored() {
    PathAttributes a =
        roundTrip(
            TWO,
            "40 02 06 02 02 fde8 5ba0", //                  AS_PATH [65000 23456]
            "c0 07 06 fde8 c0000201", //                    AGGREGATOR 65000 (not AS_TRANS)
            "c0 11 06 02 01 00030000", //                   AS4_PATH [196608]
            "c0 12 08 00030000 c0000201"); //               AS4_AGGREGATOR
    assertThat(a.asPath().segments()).containsExactly(AsPathSegment.sequence(65000, 23456));
  }

  @Test
  void rfc6793_4_2_3_asSetCountsAsOneAndFourOctetSessionsDoNotMerge() {
    PathAttributes merged =
        roundTrip(
            TWO,
            "40 02 0a 02 02 fde8 5ba0 01 01 5ba0", //   AS_PATH [65000 23456] {23456}
            "c0 11 0c 02 01 00030000 01 01 00030001"); // AS4_PATH [196608] {196609}
    assertThat(merged.asPath().segments())
        .containsExactly(AsPathSegment.sequence(65000, 196608), AsPathSegment.set(196609));
    PathAttributes four =
        roundTrip(FOUR, "40 02 06 02 01 0000fde8", "c0 11 06 02 01 00030000");
    assertThat(four.asPath().segments()).containsExactly(AsPathSegment.sequence(65000));
  }

  // ---- (c) mutations: RFC 7606 per-attribute rules ----

  @Test
  void rfc7606_7_1_originLengthOrValueIsTreatAsWithdraw() {
    DecodeIssue len = onlyIssue(decode(TWO, "40 01 02 0000"));
    assertThat(len.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(len.error()).isEqualTo(NotificationError.ATTRIBUTE_LENGTH_ERROR);
    assertThat(len.data()).isEqualTo(OpaqueBytes.ofHex("40010200 00"));
    DecodeIssue value = onlyIssue(decode(TWO, "40 01 01 03"));
    assertThat(value.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(value.error()).isEqualTo(NotificationError.INVALID_ORIGIN_ATTRIBUTE);
  }

  @Test
  void rfc7606_7_2_malformedAsPathSegmentsAreTreatAsWithdraw() {
    for (String bad :
        List.of(
            "40 02 04 02 02 fbf0", //        overrun: 2 ASes, 1 present
            "40 02 05 02 01 fbf0 02", //     underrun: 1 octet after the last segment
            "40 02 02 02 00", //             zero-length segment
            "40 02 04 05 01 fbf0", //        undefined segment type 5
            "40 02 04 00 01 fbf0")) { //     undefined segment type 0
      AttributesResult r = decode(TWO, bad);
      assertThat(onlyIssue(r).action()).as(bad).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
      assertThat(onlyIssue(r).error()).as(bad).isEqualTo(NotificationError.MALFORMED_AS_PATH);
      assertThat(r.attributes().get(AttributeType.AS_PATH)).isNull();
    }
  }

  @Test
  void rfc7606_7_3_to_7_10_fixedLengthsAreCheckedWithTheirApproach() {
    record Case(String hex, ErrorAction action) {}
    for (Case c :
        List.of(
            new Case("40 03 05 c000020101", ErrorAction.TREAT_AS_WITHDRAW), //     §7.3 NEXT_HOP
            new Case("80 04 03 000064", ErrorAction.TREAT_AS_WITHDRAW), //         §7.4 MED
            new Case("40 05 05 00000000c8", ErrorAction.TREAT_AS_WITHDRAW), //     §7.5 LOCAL_PREF
            new Case("40 06 01 00", ErrorAction.ATTRIBUTE_DISCARD), //              §7.6 ATOMIC_AGGREGATE
            new Case("c0 07 08 0000fbf0c0000202", ErrorAction.ATTRIBUTE_DISCARD), // §7.7 AGGREGATOR
            new Case("c0 08 05 fbf0006400", ErrorAction.TREAT_AS_WITHDRAW), //     §7.8 COMMUNITIES
            new Case("80 09 03 c00002", ErrorAction.TREAT_AS_WITHDRAW), //         §7.9 ORIGINATOR_ID
            new Case("80 0a 06 c0000202c000", ErrorAction.TREAT_AS_WITHDRAW), //   §7.10 CLUSTER_LIST
            new Case("c0 10 09 0002fbf00000006400", ErrorAction.TREAT_AS_WITHDRAW), // §7.14 EXT COMM
            new Case("c0 19 13 " + "00".repeat(19), ErrorAction.TREAT_AS_WITHDRAW), // §7.15 IPv6 EC
            new Case("c0 20 0b " + "00".repeat(11), ErrorAction.TREAT_AS_WITHDRAW), // RFC 8092 §6
            new Case("c0 23 03 00fbf0", ErrorAction.TREAT_AS_WITHDRAW), //          RFC 9234 OTC
            new Case("c0 11 06 03 01 0000fde8", ErrorAction.ATTRIBUTE_DISCARD), //  RFC 6793 §6 AS4_PATH
            new Case("c0 12 07 00030000c00002", ErrorAction.ATTRIBUTE_DISCARD), //  RFC 6793 §6
            new Case("80 1a 0a 01000a00000000000064", ErrorAction.ATTRIBUTE_DISCARD))) { // RFC 7311
      AttributesResult r = decode(TWO, c.hex());
      assertThat(onlyIssue(r).action()).as(c.hex()).isEqualTo(c.action());
      assertThat(r.action()).as(c.hex()).isEqualTo(c.action());
      assertThat(r.attributes().size()).as("malformed attribute dropped: " + c.hex()).isZero();
    }
  }

  @Test
  void rfc7606_7_11_mpReachWithoutAfiSafiIsSessionReset() {
    AttributesResult r = decode(TWO, "80 0e 02 0002");
    assertThat(onlyIssue(r).action()).isEqualTo(ErrorAction.SESSION_RESET);
    assertThat(onlyIssue(r).error()).isEqualTo(NotificationError.OPTIONAL_ATTRIBUTE_ERROR);
    assertThat(decode(TWO, "80 0f 02 0002").action()).isEqualTo(ErrorAction.SESSION_RESET);
  }

  @Test
  void rfc7606_7_11_inconsistentNextHopLengthDisablesTheFamily() {
    AttributesResult r =
        decode(TWO, "80 0e 0b 0002 01 05 2001 0db8 00 00 20 2001"); // IPv6 nh of 5 octets
    assertThat(r.action()).isEqualTo(ErrorAction.AFI_SAFI_DISABLE);
    assertThat(r.disabledFamilies()).containsExactly(Family.IPV6_UNICAST);
  }

  @Test
  void rfc7606_5_3_unparsableMpNlriDisablesTheFamily() {
    AttributesResult reach =
        decode(TWO, "80 0e 0b 0001 01 04 c0000201 00 21 0a"); // prefix length 33
    assertThat(reach.action()).isEqualTo(ErrorAction.AFI_SAFI_DISABLE);
    assertThat(reach.disabledFamilies()).containsExactly(Family.IPV4_UNICAST);
    AttributesResult unreach = decode(TWO, "80 0f 05 0002 02 40 20"); // /64 needs 8 octets
    assertThat(unreach.disabledFamilies()).containsExactly(Family.IPV6_MULTICAST);
  }

  @Test
  void rfc7606_3c_conflictingFlagsAreTreatAsWithdraw() {
    AttributesResult r = decode(TWO, "c0 01 01 00"); // ORIGIN marked optional
    assertThat(onlyIssue(r).error()).isEqualTo(NotificationError.ATTRIBUTE_FLAGS_ERROR);
    assertThat(r.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(r.attributes().origin()).isNull();
    // MP_REACH with well-known flags: still decoded, so that its NLRI can be withdrawn
    AttributesResult mp = decode(TWO, "40 0e 0d 0001 01 04 c0000201 00 18 c63364");
    assertThat(mp.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(mp.attributes().find(MpReachNlri.class).nlri()).hasSize(1);
  }

  /**
   * RFC 6396 §4.3.4 entries as BIRD 2.0.12 writes them: NEXT_HOP and LOCAL_PREF with flags 0x00.
   * An MRT record is what a router held, so the values are decoded (as bgpdump does), and the
   * decoded set carries RFC 4271's flags, so its stored form decodes as well.
   */
  @Test
  void rfc6396_mrtAttributesAreDecodedWhateverTheirFlags() {
    String[] bird =
        new String[] {
          "40 01 01 00", //         ORIGIN IGP
          "40 02 06 02 01 0000fde9", // AS_PATH SEQUENCE [65001]
          "00 03 04 c0000201", //   NEXT_HOP 192.0.2.1, flags 0x00
          "00 05 04 00000064" //    LOCAL_PREF 100, flags 0x00
        };
    AttributesResult session = decode(FOUR, bird);
    assertThat(session.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(session.attributes().find(PathAttribute.NextHop.class)).isNull();
    AttributesResult mrt = decode(FOUR.forMrt(), bird);
    assertThat(mrt.issues()).isEmpty();
    assertThat(mrt.attributes().find(PathAttribute.NextHop.class).address())
        .isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(mrt.attributes().find(PathAttribute.LocalPref.class).value()).isEqualTo(100L);
    assertThat(encode(mrt.attributes(), FOUR))
        .isEqualTo("40010100" + "400206020100" + "00fde9" + "400304c0000201" + "40050400000064");
    // an unrecognized attribute without the Optional bit is kept, not a session reset
    AttributesResult unknown = decode(FOUR.forMrt(), "00 fe 01 07");
    assertThat(unknown.issues()).isEmpty();
    assertThat(unknown.attributes().list()).hasSize(1);
  }

  @Test
  void rfc7606_3g_repeatedAttributeKeepsTheFirst() {
    AttributesResult r = decode(TWO, "40 01 01 00", "40 01 01 02");
    assertThat(onlyIssue(r).action()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
    assertThat(r.attributes().origin()).isEqualTo(OriginType.IGP);
  }

  @Test
  void rfc7606_3g_repeatedMpReachIsSessionResetMalformedAttributeList() {
    AttributesResult r = decode(TWO, "80 0f 03 0002 01", "80 0f 03 0002 01");
    assertThat(onlyIssue(r).action()).isEqualTo(ErrorAction.SESSION_RESET);
    assertThat(onlyIssue(r).error()).isEqualTo(NotificationError.MALFORMED_ATTRIBUTE_LIST);
  }

  @Test
  void rfc7606_3h_strongestApproachWins() {
    AttributesResult r =
        decode(
            TWO,
            "40 06 01 00", //        ATOMIC_AGGREGATE with a value: attribute discard
            "80 04 03 000064"); //   MED of 3 octets: treat-as-withdraw
    assertThat(r.issues()).extracting(DecodeIssue::action)
        .containsExactly(ErrorAction.TREAT_AS_WITHDRAW, ErrorAction.ATTRIBUTE_DISCARD);
    assertThat(r.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Test
  void rfc7606_4_attributeOverrunningTheFieldIsTreatAsWithdraw() {
    AttributesResult r = decode(TWO, "40 01 01 00", "40 03 04 c000"); // NEXT_HOP cut short
    assertThat(onlyIssue(r).action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(onlyIssue(r).error()).isEqualTo(NotificationError.ATTRIBUTE_LENGTH_ERROR);
    assertThat(r.attributes().origin()).isEqualTo(OriginType.IGP);
    assertThat(onlyIssue(decode(TWO, "40 01")).action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Test
  void rfc4271_6_3_unrecognizedWellKnownAttributeIsSessionReset() {
    AttributesResult r = decode(TWO, "40 63 01 00");
    assertThat(onlyIssue(r).action()).isEqualTo(ErrorAction.SESSION_RESET);
    assertThat(onlyIssue(r).error()).isEqualTo(NotificationError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE);
  }

  @Test
  void everyOneByteMutationOfAValidListYieldsAResultNeverAnException() {
    byte[] valid =
        org.bgpsentry.codec.testing.Hex.bytes(
            "40 01 01 00 40 02 06 02 02 fbf0 fbf1 40 03 04 c0000201 c0 08 04 fbf00064",
            "80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8",
            "c0 20 0c 0000fbf0 00000001 00000002");
    for (int i = 0; i < valid.length; i++) {
      for (int v : new int[] {0x00, 0x01, 0x7f, 0x80, 0xff}) {
        byte[] m = valid.clone();
        m[i] = (byte) v;
        ByteBuf in = Unpooled.wrappedBuffer(m);
        AttributesResult r = PathAttributesCodec.decode(in, TWO, false);
        assertThat(in.isReadable()).isFalse();
        assertThat(r.action()).isNotNull();
        in.release();
      }
    }
  }

  @Test
  void nlriHostBitsBeyondTheLengthAreMaskedWithAnInformationalIssue() {
    // bgpdump test file updates.nlri_mask_trailing_bits: 11.13.0.0/13 sent as 11.15.x
    AttributesResult r = decode(TWO, "80 0f 06 0001 01 0d 0b0f");
    MpUnreachNlri u = r.attributes().find(MpUnreachNlri.class);
    assertThat(u.withdrawn()).containsExactly(Nlri.of(Prefix.parse("11.8.0.0/13")));
    assertThat(onlyIssue(r).action()).isEqualTo(ErrorAction.NONE);
    assertThat(r.action()).isEqualTo(ErrorAction.NONE);
    assertThat(Set.copyOf(r.disabledFamilies())).isEmpty();
  }
}
