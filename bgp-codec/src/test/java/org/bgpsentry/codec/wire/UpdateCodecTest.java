package org.bgpsentry.codec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.codec.testing.Hex.hex;
import static org.bgpsentry.codec.testing.Hex.toHex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** UPDATE (RFC 4271 §4.3) with RFC 7606 outcomes: inline hex and mutations. */
class UpdateCodecTest {
  @Test
  void rfc4271_4_3_ipv4UpdateDecodesAndReencodesByteExact() {
    ByteBuf body =
        hex(
            "0000", //                   Withdrawn Routes Length 0
            "0012", //                   Total Path Attribute Length 18
            "40 01 01 00", //            ORIGIN IGP
            "40 02 04 02 01 fbf0", //    AS_PATH SEQUENCE [64496] (2-octet)
            "40 03 04 c0000201", //      NEXT_HOP 192.0.2.1
            "18 c63364"); //             NLRI 198.51.100.0/24
    String wire = toHex(body);
    UpdateResult r = UpdateCodec.decode(body, DecodeContext.DEFAULT);
    body.release();

    assertThat(r.action()).isEqualTo(ErrorAction.NONE);
    assertThat(r.issues()).isEmpty();
    assertThat(r.update().attributes().origin()).isEqualTo(OriginType.IGP);
    assertThat(r.update().attributes().asPath().segments())
        .containsExactly(AsPathSegment.sequence(64496));
    assertThat(r.update().attributes().nextHop().address()).isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(r.update().announced()).containsExactly(Nlri.of(Prefix.parse("198.51.100.0/24")));

    ByteBuf out = Unpooled.buffer();
    UpdateCodec.encode(r.update(), DecodeContext.DEFAULT, out);
    assertThat(toHex(out)).isEqualTo(wire);
    out.release();
  }

  private static UpdateResult decode(DecodeContext ctx, String... hex) {
    ByteBuf body = hex(hex);
    try {
      return UpdateCodec.decode(body, ctx);
    } finally {
      body.release();
    }
  }

  private static BgpNotificationException reset(String... hex) {
    try {
      decode(DecodeContext.DEFAULT, hex);
    } catch (BgpNotificationException e) {
      return e;
    }
    throw new AssertionError("expected a NOTIFICATION");
  }

  @Test
  void rfc4724_2_endOfRibForEveryFamily() {
    Update v4 = decode(DecodeContext.DEFAULT, "0000 0000").update();
    assertThat(v4.isEndOfRib()).isTrue();
    assertThat(v4.endOfRibFamily()).isEqualTo(Family.IPV4_UNICAST);
    Update v6 = decode(DecodeContext.DEFAULT, "0000 0006", "80 0f 03 0002 01").update();
    assertThat(v6.endOfRibFamily()).isEqualTo(Family.IPV6_UNICAST);
    assertThat(v6).isEqualTo(Update.endOfRib(Family.IPV6_UNICAST));
    Update withdraw = decode(DecodeContext.DEFAULT, "0000 0009", "80 0f 06 0002 01 10 2001").update();
    assertThat(withdraw.isEndOfRib()).isFalse();
  }

  @Test
  void rfc7606_2_treatAsWithdrawTurnsEveryAnnouncementIntoAWithdrawal() {
    UpdateResult r =
        decode(
            DecodeContext.DEFAULT,
            "0004 18 c00002", //                     withdrawn 192.0.2.0/24
            "0023", //                               attributes, 35 octets
            "40 01 01 07", //                        ORIGIN 7: treat-as-withdraw (RFC 7606 §7.1)
            "40 03 04 c0000201", //                  NEXT_HOP
            "80 0e 15 0002 01 10 20010db8000000000000000000000001 00", // MP_REACH ipv6, no NLRI
            "18 c63364"); //                         NLRI 198.51.100.0/24
    assertThat(r.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(r.routesToAnnounce()).isEmpty();
    assertThat(r.routesToWithdraw().get(Family.IPV4_UNICAST))
        .containsExactly(Nlri.of(Prefix.parse("192.0.2.0/24")), Nlri.of(Prefix.parse("198.51.100.0/24")));
  }

  @Test
  void rfc7606_2_afiSafiDisableNamesTheFamilyAndKeepsTheOthers() {
    UpdateResult r =
        decode(
            DecodeContext.DEFAULT,
            "0000 0016",
            "40 01 01 00", "40 02 00", "40 03 04 c0000201", // ORIGIN, empty AS_PATH, NEXT_HOP
            "80 0f 05 0002 01 81 20", //                      MP_UNREACH ipv6: prefix length 129
            "18 c63364"); //                                  NLRI 198.51.100.0/24
    assertThat(r.action()).isEqualTo(ErrorAction.AFI_SAFI_DISABLE);
    assertThat(r.disabledFamilies()).containsExactly(Family.IPV6_UNICAST);
    assertThat(r.routesToAnnounce().get(Family.IPV4_UNICAST))
        .containsExactly(Nlri.of(Prefix.parse("198.51.100.0/24")));
  }

  @Test
  void rfc4271_6_3_lengthsThatDoNotFitAreMalformedAttributeList() {
    assertThat(reset("00").error()).isEqualTo(NotificationError.MALFORMED_ATTRIBUTE_LIST);
    assertThat(reset("0005 18 c00002 0000").error()).isEqualTo(NotificationError.MALFORMED_ATTRIBUTE_LIST);
    assertThat(reset("0000 0005 40010100").error()).isEqualTo(NotificationError.MALFORMED_ATTRIBUTE_LIST);
  }

  @Test
  void rfc7606_5_3_unparsableNlriFieldsAreInvalidNetworkField() {
    assertThat(reset("0002 21 0a 0000").error()).isEqualTo(NotificationError.INVALID_NETWORK_FIELD);
    assertThat(reset("0000 0000 18 c633").error()).isEqualTo(NotificationError.INVALID_NETWORK_FIELD);
  }

  @Test
  void sessionResetIssuesAreThrownWithTheirNotification() {
    BgpNotificationException e = reset("0000 000c", "80 0f 03 0002 01", "80 0f 03 0002 01");
    assertThat(e.error()).isEqualTo(NotificationError.MALFORMED_ATTRIBUTE_LIST);
    assertThat(e.data()).isEqualTo(OpaqueBytes.ofHex("800f03000201"));
  }

  @Test
  void rfc7911_ipv4AddPathInTheNlriFields() {
    UpdateResult r =
        decode(
            DecodeContext.FOUR_OCTET_AS.withAddPath(Family.IPV4_UNICAST),
            "0008 00000005 18 c00002", //        withdrawn path 5 192.0.2.0/24
            "0000", //                           no attributes
            "00000006 18 c63364"); //            NLRI path 6 198.51.100.0/24
    assertThat(r.update().withdrawn()).containsExactly(new Nlri(Prefix.parse("192.0.2.0/24"), 5));
    assertThat(r.update().announced()).containsExactly(new Nlri(Prefix.parse("198.51.100.0/24"), 6));
  }
}
