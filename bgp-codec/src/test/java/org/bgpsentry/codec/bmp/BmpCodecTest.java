package org.bgpsentry.codec.bmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpsentry.codec.testing.Hex.hex;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.attr.StoredAttributes;
import org.junit.jupiter.api.Test;

/** docs/contributing.md R13 (b): BMP messages as inline hex, one comment per field. */
class BmpCodecTest {
  /** Per-peer header: global instance, {@code flags}, 192.0.2.1, AS 65001, BGP ID 192.0.2.1. */
  static String peer(String type, String flags) {
    return type + flags // Peer Type, Peer Flags
        + "0000000000000000" // Peer Distinguisher
        + "00000000000000000000000000000000".substring(0, 24) + "c0000201" // Peer Address
        + "0000fde9" // Peer AS 65001
        + "c0000201" // Peer BGP ID
        + "5f5e1000 00000000"; // Timestamp seconds, microseconds
  }

  static BmpMessage decode(BmpMessageType type, ByteBuf body) {
    try {
      return BmpCodec.decode(type, body, h -> DecodeContext.FOUR_OCTET_AS);
    } finally {
      body.release();
    }
  }

  @Test
  void rfc7854_4_1_commonHeader() {
    ByteBuf in = hex("03", "0000002d", "04"); // version 3, length 45, Initiation
    BmpHeader h = BmpHeader.read(in);
    assertThat(h).isEqualTo(new BmpHeader(BmpMessageType.INITIATION, 45));
    assertThat(in.isReadable()).isFalse();
    in.release();
  }

  @Test
  void rfc7854_4_1_headerNeedsSixOctets() {
    ByteBuf in = hex("03 0000 00");
    assertThat(BmpHeader.read(in)).isNull();
    assertThat(in.readerIndex()).isZero();
    in.release();
  }

  @Test
  void rfc7854_4_1_wrongVersionLengthOrTypeIsAFramingError() {
    for (String[] c :
        new String[][] {
          {"01 00000006 04", "unsupported BMP version 1 (expected: 3)"},
          {"03 00000005 04", "bad BMP message length 5 (expected: 6..1048576)"},
          {"03 00100001 00", "bad BMP message length 1048577 (expected: 6..1048576)"},
          {"03 00000006 07", "unknown BMP message type 7 (expected: 0..6)"},
        }) {
      ByteBuf in = hex(c[0]);
      assertThatThrownBy(() -> BmpHeader.read(in)).isInstanceOf(BmpDecodeException.class).hasMessage(c[1]);
      in.release();
    }
  }

  @Test
  void rfc7854_4_3_initiationTlvs() {
    BmpMessage.Initiation m =
        (BmpMessage.Initiation)
            decode(
                BmpMessageType.INITIATION,
                hex(
                    "0001 0003 465252", // sysDescr "FRR"
                    "0002 0002 7231", // sysName "r1"
                    "0000 0000")); // String, empty
    assertThat(m.sysDescr()).isEqualTo("FRR");
    assertThat(m.sysName()).isEqualTo("r1");
    assertThat(m.tlvs()).hasSize(3);
  }

  @Test
  void rfc7854_4_4_tlvOverrunIsMalformed() {
    assertThatThrownBy(() -> decode(BmpMessageType.INITIATION, hex("0002 0005 7231")))
        .isInstanceOf(BmpDecodeException.class)
        .hasMessage("Information TLV type 2: 2 octets left (expected: at least 5)");
  }

  @Test
  void rfc7854_4_5_terminationReason() {
    BmpMessage.Termination m =
        (BmpMessage.Termination)
            decode(BmpMessageType.TERMINATION, hex("0000 0003 627965", "0001 0002 0001"));
    assertThat(m.reason()).isEqualTo(1); // unspecified reason
  }

  @Test
  void rfc7854_4_10_peerUpWithHeaderOnlyOpens_asFrrSendsThem() {
    BmpMessage.PeerUp m =
        (BmpMessage.PeerUp)
            decode(
                BmpMessageType.PEER_UP,
                hex(
                    peer("00", "00"),
                    "000000000000000000000000 c0000202", // Local Address 192.0.2.2
                    "b3a2 00b3", // Local Port 45986, Remote Port 179
                    "ffffffffffffffffffffffffffffffff 0013 01", // Sent OPEN: header only
                    "ffffffffffffffffffffffffffffffff 0013 01")); // Received OPEN: header only
    assertThat(m.sentOpen()).isNull();
    assertThat(m.receivedOpen()).isNull();
    assertThat(m.localAddress()).isEqualTo(IpAddress.parse("192.0.2.2"));
    assertThat(m.localPort()).isEqualTo(45986);
    assertThat(m.remotePort()).isEqualTo(179);
    assertThat(BmpPeerContext.of(m).complete()).isFalse();
  }

  @Test
  void rfc9069_5_2_peerUpWithTableNameTlv() {
    BmpMessage.PeerUp m =
        (BmpMessage.PeerUp)
            decode(
                BmpMessageType.PEER_UP,
                hex(
                    peer("03", "00"), // Loc-RIB
                    "00000000000000000000000000000000 0000 0000", // zero address and ports
                    "ffffffffffffffffffffffffffffffff 0013 01",
                    "ffffffffffffffffffffffffffffffff 0013 01",
                    "0003 0004 76726631")); // VRF/Table Name "vrf1"
    assertThat(m.tableName()).isEqualTo("vrf1");
    assertThat(m.peer().rib()).isEqualTo(Rib.LOC_RIB);
  }

  @Test
  void rfc7854_4_9_peerDownEachReason() {
    BmpMessage.PeerDown r1 =
        (BmpMessage.PeerDown)
            decode(
                BmpMessageType.PEER_DOWN,
                hex(peer("00", "00"), "01", "ffffffffffffffffffffffffffffffff 0015 03 06 02"));
    assertThat(r1.notification().code()).isEqualTo(6); // Cease
    assertThat(r1.notification().subcode()).isEqualTo(2); // Administrative Shutdown
    BmpMessage.PeerDown r2 =
        (BmpMessage.PeerDown) decode(BmpMessageType.PEER_DOWN, hex(peer("00", "00"), "02", "0012"));
    assertThat(r2.fsmEvent()).isEqualTo(18); // TcpConnectionFails
    BmpMessage.PeerDown r3 =
        (BmpMessage.PeerDown)
            decode(
                BmpMessageType.PEER_DOWN,
                hex(peer("00", "00"), "03", "ffffffffffffffffffffffffffffffff 0015 03 04 00"));
    assertThat(r3.notification().code()).isEqualTo(4); // Hold Timer Expired
    for (String reason : List.of("04", "05")) {
      BmpMessage.PeerDown d =
          (BmpMessage.PeerDown) decode(BmpMessageType.PEER_DOWN, hex(peer("00", "00"), reason));
      assertThat(d.reason()).isEqualTo(Integer.parseInt(reason));
      assertThat(d.notification()).isNull();
      assertThat(d.fsmEvent()).isEqualTo(-1);
    }
    BmpMessage.PeerDown r6 =
        (BmpMessage.PeerDown)
            decode(BmpMessageType.PEER_DOWN, hex(peer("03", "00"), "06", "0003 0006 676c6f62616c"));
    assertThat(InformationTlv.find(r6.tlvs(), InformationTlv.VRF_TABLE_NAME)).isEqualTo("global");
    BmpMessage.PeerDown r9 =
        (BmpMessage.PeerDown) decode(BmpMessageType.PEER_DOWN, hex(peer("00", "00"), "09", "abcd"));
    assertThat(r9.data().toHex()).isEqualTo("abcd"); // unknown reason: data kept
  }

  @Test
  void rfc7854_4_9_aPeerDownWhoseDataDoesNotFitItsReasonIsStillAPeerDownWithTheDataKept() {
    // reason 2 with one octet of FSM event code; reason 1 with a NOTIFICATION cut short; reason 6
    // with a TLV overrunning the message
    for (String[] c :
        new String[][] {
          {"02", "00"}, {"01", "ffffffffffffffffffffffffffffffff 0015 03 06"}, {"06", "0003 0009 6162"}
        }) {
      BmpMessage.PeerDown d =
          (BmpMessage.PeerDown) decode(BmpMessageType.PEER_DOWN, hex(peer("00", "00"), c[0], c[1]));
      assertThat(d.reason()).isEqualTo(Integer.parseInt(c[0]));
      assertThat(d.notification()).isNull();
      assertThat(d.fsmEvent()).isEqualTo(-1);
      assertThat(d.tlvs()).isEmpty();
      assertThat(d.data().toHex()).isEqualTo(c[1].replace(" ", ""));
    }
  }

  @Test
  void rfc7854_4_6_routeMonitoringOfAdjRibOut_rfc8671() {
    BmpMessage.RouteMonitoring m =
        (BmpMessage.RouteMonitoring)
            decode(
                BmpMessageType.ROUTE_MONITORING,
                hex(
                    peer("00", "50"), // flags L + O: post-policy Adj-RIB-Out
                    "ffffffffffffffffffffffffffffffff 002f 02", // UPDATE, 47 octets
                    "0000", // no withdrawn routes
                    "0014", // path attributes: 20 octets
                    "40 01 01 00", // ORIGIN IGP
                    "40 02 06 02 01 0000fde9", // AS_PATH [65001]
                    "40 03 04 c0000201", // NEXT_HOP 192.0.2.1
                    "18 cb0071")); // 203.0.113.0/24
    assertThat(m.peer().rib()).isEqualTo(Rib.ADJ_RIB_OUT_POST);
    assertThat(m.update().action()).isEqualTo(ErrorAction.NONE);
    assertThat(m.update().update().announced().get(0).prefix()).isEqualTo(Prefix.parse("203.0.113.0/24"));
  }

  @Test
  void rfc7606_7_1_malformedOriginInsideBmpIsTreatAsWithdraw() {
    BmpMessage.RouteMonitoring m =
        (BmpMessage.RouteMonitoring)
            decode(
                BmpMessageType.ROUTE_MONITORING,
                hex(
                    peer("00", "00"),
                    "ffffffffffffffffffffffffffffffff 002f 02",
                    "0000 0014",
                    "40 01 01 07", // ORIGIN 7: undefined
                    "40 02 06 02 01 0000fde9",
                    "40 03 04 c0000201",
                    "18 cb0071"));
    assertThat(m.update().action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(m.update().routesToAnnounce()).isEmpty();
    assertThat(m.update().routesToWithdraw().get(Family.IPV4_UNICAST)).hasSize(1);
  }

  @Test
  void rfc7606_sessionResetLevelErrorIsReturnedNotThrown() {
    BmpMessage.RouteMonitoring m =
        (BmpMessage.RouteMonitoring)
            decode(
                BmpMessageType.ROUTE_MONITORING,
                hex(
                    peer("00", "00"),
                    "ffffffffffffffffffffffffffffffff 0017 02",
                    "0009 0000")); // Withdrawn Routes Length 9 overruns the message
    assertThat(m.update().action()).isEqualTo(ErrorAction.SESSION_RESET);
    assertThat(m.update().routesToAnnounce()).isEmpty();
    assertThat(m.update().routesToWithdraw()).isEmpty();
    assertThat(m.update().issues()).hasSize(1);
  }

  /** 203.0.113.0/24 from AS 65001 in a Route Monitoring message, {@code origin} its ORIGIN value. */
  static ByteBuf monitored(String origin) {
    return hex(
        peer("00", "00"),
        "ffffffffffffffffffffffffffffffff 002f 02", // UPDATE, 47 octets
        "0000 0014", // no withdrawn routes, path attributes: 20 octets
        "40 01 01 " + origin, // ORIGIN
        "40 02 06 02 01 0000fde9", // AS_PATH [65001]
        "40 03 04 c0000201", // NEXT_HOP 192.0.2.1
        "18 cb0071"); // 203.0.113.0/24
  }

  @Test
  void rfc7854_4_6_routeMonitoringForRibCutsTheNlriSetInTheDecodingWalk() {
    ByteBuf body = monitored("00");
    // Per-peer header (42), BGP header (19), Withdrawn Routes Length (2), Total Path Attribute
    // Length (2): the 20 octets of attributes start at 65.
    byte[] expected = StoredAttributes.fromWire(body, 65, 20, true, null);
    RibRouteMonitoring m;
    try {
      m = BmpCodec.decodeRouteMonitoringForRib(body, h -> DecodeContext.FOUR_OCTET_AS);
      assertThat(body.isReadable()).isFalse();
    } finally {
      body.release();
    }
    assertThat(m.message().peer().peerAs()).isEqualTo(65001);
    assertThat(m.message().update()).isSameAs(m.update().result());
    assertThat(m.update().result().action()).isEqualTo(ErrorAction.NONE);
    assertThat(m.update().nlriAttributes()).isEqualTo(expected);
    assertThat(m.update().mpAttributes()).isNull();
    assertThat(StoredAttributes.decode(m.update().nlriAttributes()))
        .isEqualTo(m.message().update().update().attributes());
  }

  @Test
  void rfc7606_7_1_routeMonitoringForRibCutsNoSetFromAnUpdateWithIssues() {
    ByteBuf body = monitored("07"); // ORIGIN 7: undefined
    try {
      RibRouteMonitoring m =
          BmpCodec.decodeRouteMonitoringForRib(body, h -> DecodeContext.FOUR_OCTET_AS);
      assertThat(m.update().result().action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
      assertThat(m.update().nlriAttributes()).isNull();
      assertThat(m.update().mpAttributes()).isNull();
    } finally {
      body.release();
    }
  }

  @Test
  void rfc7854_4_6_routeMonitoringForRibRejectsOctetsAfterTheUpdate() {
    ByteBuf body = hex(hexOf(monitored("00")), "00");
    try {
      assertThatThrownBy(
              () -> BmpCodec.decodeRouteMonitoringForRib(body, h -> DecodeContext.FOUR_OCTET_AS))
          .isInstanceOf(BmpDecodeException.class)
          .hasMessage("ROUTE_MONITORING: 1 octets after the message (expected: none)");
    } finally {
      body.release();
    }
  }

  private static String hexOf(ByteBuf b) {
    try {
      return org.bgpsentry.codec.testing.Hex.toHex(b);
    } finally {
      b.release();
    }
  }

  @Test
  void rfc7854_4_6_routeMonitoringMustCarryAnUpdate() {
    assertThatThrownBy(
            () ->
                decode(
                    BmpMessageType.ROUTE_MONITORING,
                    hex(peer("00", "00"), "ffffffffffffffffffffffffffffffff 0013 04")))
        .isInstanceOf(BmpDecodeException.class)
        .hasMessage("Route Monitoring UPDATE: BGP KEEPALIVE (expected: UPDATE)");
  }

  @Test
  void rfc7854_4_8_statisticsOfEachWidth() {
    BmpMessage.StatisticsReport m =
        (BmpMessage.StatisticsReport)
            decode(
                BmpMessageType.STATISTICS_REPORT,
                hex(
                    peer("00", "00"),
                    "00000004", // Stats Count 4
                    "0000 0004 00000005", // type 0 prefixes rejected: 5
                    "0007 0008 0000000000000064", // type 7 routes in Adj-RIB-In: 100
                    "0009 000b 0002 01 0000000000000028", // type 9 IPv6 unicast: 40
                    "fffb 0002 abcd")); // FRR's 65531, 2 octets: kept raw
    assertThat(m.stats())
        .extracting(Statistic::type, Statistic::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 5L),
            org.assertj.core.groups.Tuple.tuple(7, 100L),
            org.assertj.core.groups.Tuple.tuple(9, 40L),
            org.assertj.core.groups.Tuple.tuple(65531, 0L));
    assertThat(m.stats().get(2).family()).isEqualTo(Family.IPV6_UNICAST);
    assertThat(m.stats().get(3).numeric()).isFalse();
    assertThat(m.stats().get(3).data().toHex()).isEqualTo("abcd");
  }

  @Test
  void rfc7854_4_8_statsCountBeyondTheMessageIsMalformed() {
    assertThatThrownBy(
            () ->
                decode(
                    BmpMessageType.STATISTICS_REPORT,
                    hex(peer("00", "00"), "00000002", "0000 0004 00000005")))
        .isInstanceOf(BmpDecodeException.class)
        .hasMessage("Stat TLV 1 of 2: 0 octets left (expected: at least 4)");
  }

  @Test
  void rfc7854_4_7_routeMirroringKeepsTlvs() {
    BmpMessage.RouteMirroring m =
        (BmpMessage.RouteMirroring)
            decode(BmpMessageType.ROUTE_MIRRORING, hex(peer("00", "00"), "0001 0002 0000"));
    assertThat(m.tlvs()).containsExactly(new InformationTlv(1, org.bgpsentry.codec.model.OpaqueBytes.ofHex("0000")));
  }

  @Test
  void rfc7854_4_2_ipv6PeerAddressWithVFlag() {
    ByteBuf in =
        hex(
            "00 80 0000000000000000",
            "20010db8000000000000000000000001", // 2001:db8::1
            "0000fde9 0a000001 00000000 00000000");
    PerPeerHeader h = PerPeerHeader.read(in);
    in.release();
    assertThat(h.address()).isEqualTo(IpAddress.parse("2001:db8::1"));
    assertThat(h.rib()).isEqualTo(Rib.ADJ_RIB_IN_PRE);
  }

  @Test
  void rfc9069_4_2_locRibFFlagIsNotTheVFlag() {
    ByteBuf in = hex(peer("03", "80"));
    PerPeerHeader h = PerPeerHeader.read(in);
    in.release();
    assertThat(h.locRib()).isTrue();
    assertThat(h.postPolicy()).isFalse();
    assertThat(h.address().ipv6()).isFalse();
  }
}
