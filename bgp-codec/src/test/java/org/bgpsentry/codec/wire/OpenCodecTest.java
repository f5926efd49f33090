package org.bgpsentry.codec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.codec.testing.Hex.hex;
import static org.bgpsentry.codec.testing.Hex.toHex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.cap.CapabilityCode;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;

/** OPEN (RFC 4271 §4.2) and capabilities (RFC 5492): inline hex and mutations. */
class OpenCodecTest {
  private static final String[] OPEN = {
    "04", //                                   Version 4
    "5ba0", //                                 My Autonomous System 23456 (AS_TRANS)
    "00b4", //                                 Hold Time 180
    "c0000201", //                             BGP Identifier 192.0.2.1
    "53", //                                   Opt Parm Len 83
    "02 51", //                                Capabilities parameter, 81 octets
    "01 04 0001 00 01", //                     Multiprotocol ipv4 unicast
    "01 04 0002 00 02", //                     Multiprotocol ipv6 multicast
    "02 00", //                                Route Refresh
    "46 00", //                                Enhanced Route Refresh
    "41 04 fa56ea00", //                       4-octet AS 4200000000
    "45 08 0001 01 03 0002 01 01", //          ADD-PATH ipv4 both, ipv6 receive
    "06 00", //                                Extended Message
    "40 06 8078 0001 01 80", //                Graceful Restart R, 120 s, ipv4 forwarding
    "47 07 0001 01 80 000e10", //              Long-Lived GR ipv4, stale 3600 s
    "09 01 03", //                             BGP Role: customer
    "49 0b 06 726f75746572 03 6e6574", //      FQDN router.net
    "05 06 0001 0001 0002", //                 Extended Next Hop ipv4 unicast over IPv6
    "80 00", //                                unknown code 128 (Cisco route refresh)
    "41 02 fbf0" //                            4-octet AS of the wrong length: kept opaque
  };

  private static Open decode(String... hex) {
    ByteBuf in = hex(hex);
    try {
      Open o = OpenCodec.decode(in);
      assertThat(in.isReadable()).isFalse();
      return o;
    } finally {
      in.release();
    }
  }

  private static String encode(Open open) {
    ByteBuf out = Unpooled.directBuffer();
    try {
      OpenCodec.encode(open, out);
      return toHex(out);
    } finally {
      out.release();
    }
  }

  private static NotificationError error(String... hex) {
    try {
      decode(hex);
    } catch (BgpNotificationException e) {
      return e.error();
    }
    throw new AssertionError("expected a NOTIFICATION");
  }

  @Test
  void rfc5492_everyCapabilityDecodesAndReencodesByteExact() {
    Open o = decode(OPEN);
    assertThat(encode(o)).isEqualTo(String.join("", OPEN).replace(" ", ""));
    assertThat(o.asn()).isEqualTo(4200000000L);
    assertThat(o.holdTime()).isEqualTo(180);
    assertThat(o.bgpIdentifier()).isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(o.capabilities())
        .containsExactly(
            new Capability.Multiprotocol(Family.IPV4_UNICAST),
            new Capability.Multiprotocol(Family.IPV6_MULTICAST),
            new Capability.RouteRefresh(),
            new Capability.EnhancedRouteRefresh(),
            new Capability.FourOctetAs(4200000000L),
            new Capability.AddPath(
                List.of(
                    new Capability.AddPath.Entry(Family.IPV4_UNICAST, 3),
                    new Capability.AddPath.Entry(Family.IPV6_UNICAST, 1))),
            new Capability.ExtendedMessage(),
            new Capability.GracefulRestart(
                8, 120, List.of(new Capability.GracefulRestart.Entry(Family.IPV4_UNICAST, 0x80))),
            new Capability.LongLivedGracefulRestart(
                List.of(new Capability.LongLivedGracefulRestart.Entry(Family.IPV4_UNICAST, 0x80, 3600))),
            new Capability.BgpRole(Capability.BgpRole.CUSTOMER),
            new Capability.Fqdn(OpaqueBytes.of("router".getBytes()), OpaqueBytes.of("net".getBytes())),
            new Capability.ExtendedNextHop(
                List.of(new Capability.ExtendedNextHop.Entry(Afi.IPV4, 1, Afi.IPV6))),
            new Capability.Unknown(new CapabilityCode(128), OpaqueBytes.EMPTY),
            new Capability.Unknown(CapabilityCode.FOUR_OCTET_AS, OpaqueBytes.ofHex("fbf0")));
    assertThat(o.capability(Capability.AddPath.class).receiveFamilies())
        .containsExactlyInAnyOrder(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
    assertThat(o.capability(Capability.Fqdn.class).hostName()).isEqualTo(OpaqueBytes.of("router".getBytes()));
  }

  @Test
  void rfc9072_extendedOptionalParametersLength() {
    String[] ext = {
      "04 fbf0 005a c0000201", // Version, AS 64496, Hold Time 90, BGP Identifier
      "ff ff 0007", //            Opt Parm Len 255, Non-Ext OP Type 255, Extended length 7
      "02 0004 41 02 fbf0" //     Capabilities (2-octet length): malformed 4-octet AS, opaque
    };
    Open o = decode(ext);
    assertThat(o.extendedParameters()).isTrue();
    assertThat(encode(o)).isEqualTo(String.join("", ext).replace(" ", ""));
  }

  @Test
  void rfc4271_6_2_unsupportedVersionCarriesTheSupportedVersion() {
    ByteBuf in = hex("03 fbf0 005a c0000201 00");
    try {
      OpenCodec.decode(in);
      throw new AssertionError("expected a NOTIFICATION");
    } catch (BgpNotificationException e) {
      assertThat(e.error()).isEqualTo(NotificationError.UNSUPPORTED_VERSION_NUMBER);
      assertThat(e.data()).isEqualTo(OpaqueBytes.ofHex("0004"));
    } finally {
      in.release();
    }
  }

  @Test
  void rfc4271_6_2_holdTimeOneOrTwoIsUnacceptable() {
    assertThat(error("04 fbf0 0001 c0000201 00")).isEqualTo(NotificationError.UNACCEPTABLE_HOLD_TIME);
    assertThat(error("04 fbf0 0002 c0000201 00")).isEqualTo(NotificationError.UNACCEPTABLE_HOLD_TIME);
    assertThat(decode("04 fbf0 0000 c0000201 00").holdTime()).isZero();
  }

  @Test
  void rfc6286_2_2_zeroBgpIdentifierIsBad() {
    assertThat(error("04 fbf0 005a 00000000 00")).isEqualTo(NotificationError.BAD_BGP_IDENTIFIER);
  }

  @Test
  void parameterLengthsThatDoNotFitAreOpenMessageErrors() {
    assertThat(error("04 fbf0 005a c0000201 05 02 02 0200")).isEqualTo(NotificationError.OPEN_MESSAGE_ERROR);
    assertThat(error("04 fbf0 005a c0000201 04 02 03 0200")).isEqualTo(NotificationError.OPEN_MESSAGE_ERROR);
    assertThat(error("04 fbf0 005a c0000201 04 02 02 0205")).isEqualTo(NotificationError.OPEN_MESSAGE_ERROR);
    assertThat(error("04 fbf0 005a c0000201 01 02")).isEqualTo(NotificationError.OPEN_MESSAGE_ERROR);
  }

  @Test
  void fourOctetAsFallsBackToMyAutonomousSystem() {
    Open o = Open.of(64496, 90, IpAddress.parse("192.0.2.1"), List.of());
    assertThat(o.asn()).isEqualTo(64496);
    assertThat(Open.of(4200000000L, 90, IpAddress.parse("192.0.2.1"), List.of()).myAutonomousSystem())
        .isEqualTo(Open.AS_TRANS);
  }
}
