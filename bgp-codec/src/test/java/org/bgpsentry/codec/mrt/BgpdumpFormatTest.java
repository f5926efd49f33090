package org.bgpsentry.codec.mrt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.mrt.MrtRecord.Bgp4mpMessage;
import org.bgpsentry.codec.mrt.MrtRecord.Bgp4mpStateChange;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.junit.jupiter.api.Test;

/**
 * bgpdump -m rules the shared MRT files do not exercise (the oracle test covers the rest):
 * confederation segments, the signed {@code %d} of IPv4 MP_REACH_NLRI routes, the well-known
 * community names, AS4 and ET lines.
 */
class BgpdumpFormatTest {
  private static final MrtHeader BGP4MP_AS4 = new MrtHeader(1_000_000_000L, 0, 16, 4, 0);

  private static String lines(MrtRecord... records) throws IOException {
    BgpdumpFormat format = new BgpdumpFormat();
    for (MrtRecord r : records) {
      format.format(r);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.writeTo(out);
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static Bgp4mpMessage received(MrtHeader header, Update update) {
    ByteBuf buf = Unpooled.buffer();
    try {
      BgpMessageCodec.encode(update, DecodeContext.FOUR_OCTET_AS, buf);
      return new Bgp4mpMessage(
          header, 64500, 64496, 0, Afi.IPV4, IpAddress.parse("192.0.2.1"),
          IpAddress.parse("192.0.2.2"), true, false, false,
          OpaqueBytes.of(ByteBufUtil.getBytes(buf)));
    } finally {
      buf.release();
    }
  }

  @Test
  void withdrawalsThenNlriFieldThenMpReachWithBgpdumpFieldRules() throws IOException {
    PathAttributes attrs =
        PathAttributes.of(
            new PathAttribute.Origin(OriginType.IGP),
            new PathAttribute.AsPath(
                List.of(
                    AsPathSegment.of(SegmentType.AS_CONFED_SEQUENCE, 65001, 65002),
                    AsPathSegment.sequence(64500),
                    AsPathSegment.set(64510, 64511))),
            new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")),
            new PathAttribute.MultiExitDisc(2_147_483_648L),
            new PathAttribute.LocalPref(4_294_967_295L),
            new PathAttribute.AtomicAggregate(),
            new PathAttribute.Aggregator(64500, IpAddress.parse("192.0.2.9"), true),
            new PathAttribute.Communities(List.of(0xffffff02, 0xffffff03, 0xfde80001)),
            new PathAttribute.MpReachNlri(
                Family.IPV4_UNICAST,
                List.of(IpAddress.parse("192.0.2.254")),
                OpaqueBytes.EMPTY,
                List.of(Nlri.of(Prefix.parse("198.51.100.0/24"))),
                OpaqueBytes.EMPTY));
    Update update =
        new Update(
            List.of(Nlri.of(Prefix.parse("203.0.113.0/24"))),
            attrs,
            List.of(Nlri.of(Prefix.parse("198.18.0.0/15"))));
    String fields = "|(65001 65002) 64500 {64510,64511}|IGP|";
    assertThat(lines(received(BGP4MP_AS4, update)))
        .isEqualTo(
            "BGP4MP|1000000000|W|192.0.2.1|64500|203.0.113.0/24\n"
                + "BGP4MP|1000000000|A|192.0.2.1|64500|198.18.0.0/15" + fields
                + "192.0.2.1|4294967295|2147483648|no-advertise local-AS 65000:1|AG|64500 192.0.2.9|\n"
                + "BGP4MP|1000000000|A|192.0.2.1|64500|198.51.100.0/24" + fields
                + "192.0.2.254|-1|-2147483648|no-advertise local-AS 65000:1|AG|64500 192.0.2.9|\n");
  }

  @Test
  void rfc6396_3_extendedTimestampStateChange() throws IOException {
    Bgp4mpStateChange s =
        new Bgp4mpStateChange(
            new MrtHeader(1445565678L, 509481, 17, 5, 44), 3856, 3856, 0, Afi.IPV6,
            IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:db8::2"), 1, 2);
    assertThat(lines(s)).isEqualTo("BGP4MP_ET|1445565678.509481|STATE|2001:db8::1|3856|1|2\n");
  }

  @Test
  void absentAttributesPrintBgpdumpDefaults() throws IOException {
    Update update =
        new Update(
            List.of(),
            PathAttributes.of(new PathAttribute.AsPath(List.of())),
            List.of(Nlri.of(Prefix.parse("10.0.0.0/8"))));
    assertThat(lines(received(BGP4MP_AS4, update)))
        .isEqualTo(
            "BGP4MP|1000000000|A|192.0.2.1|64500|10.0.0.0/8||INCOMPLETE|255.255.255.255|0|0||NAG||\n");
  }
}
