package org.bgpsentry.codec.wire.attr;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.junit.jupiter.api.Test;

/** docs/contributing.md R3: the table has one row per PathAttribute subtype, and every row round-trips. */
class AttributeCodecsTest {
  @Test
  void everyPathAttributeSubtypeButUnknownHasExactlyOneRow() {
    Set<Class<?>> subtypes =
        Arrays.stream(PathAttribute.class.getPermittedSubclasses())
            .filter(c -> c != PathAttribute.Unknown.class)
            .collect(Collectors.toSet());
    List<Class<?>> rows = AttributeCodecs.ROWS.stream().<Class<?>>map(AttributeCodec::kind).toList();
    assertThat(rows).doesNotHaveDuplicates();
    assertThat(Set.copyOf(rows)).isEqualTo(subtypes);
  }

  @Test
  void everyRowDeclaresTheDefaultFlagsOfItsAttribute() {
    for (AttributeCodec<?> c : AttributeCodecs.ROWS) {
      assertThat(AttributeCodecs.forType(c.typeCode())).isSameAs(c);
    }
  }

  @Test
  void everyAttributeTypeEncodesAndDecodesToAnEqualValue() {
    DecodeContext ctx = DecodeContext.FOUR_OCTET_AS;
    PathAttributes attrs =
        PathAttributes.of(
            new PathAttribute.Origin(OriginType.EGP),
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(64496, 4200000000L))),
            new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")),
            new PathAttribute.MultiExitDisc(4294967295L),
            new PathAttribute.LocalPref(100),
            new PathAttribute.AtomicAggregate(),
            new PathAttribute.Aggregator(64496, IpAddress.parse("192.0.2.2"), true),
            new PathAttribute.Communities(List.of(0xfbf00001)),
            new PathAttribute.OriginatorId(IpAddress.parse("192.0.2.3")),
            new PathAttribute.ClusterList(List.of(IpAddress.parse("192.0.2.4"))),
            new PathAttribute.MpReachNlri(
                Family.IPV6_MULTICAST,
                List.of(IpAddress.parse("2001:db8::1")),
                OpaqueBytes.EMPTY,
                List.of(Nlri.of(Prefix.parse("2001:db8::/32"))),
                OpaqueBytes.EMPTY),
            new PathAttribute.MpUnreachNlri(
                Family.IPV4_MULTICAST, List.of(Nlri.of(Prefix.parse("233.252.0.0/24"))), OpaqueBytes.EMPTY),
            new PathAttribute.ExtendedCommunities(List.of(0x0002fbf000000001L)),
            new PathAttribute.As4Path(List.of(AsPathSegment.sequence(4200000000L))),
            new PathAttribute.As4Aggregator(4200000000L, IpAddress.parse("192.0.2.5")),
            new PathAttribute.Ipv6ExtendedCommunities(List.of(OpaqueBytes.ofHex("00".repeat(20)))),
            new PathAttribute.Aigp(OpaqueBytes.ofHex("01000b0000000000000064")),
            new PathAttribute.LargeCommunities(List.of(new LargeCommunity(4200000000L, 1, 2))),
            new PathAttribute.Otc(64496),
            new PathAttribute.Unknown(new org.bgpsentry.codec.model.attr.AttributeType(200), 0xc0, OpaqueBytes.ofHex("01")));
    ByteBuf buf = Unpooled.directBuffer();
    try {
      PathAttributesCodec.encode(attrs, ctx, buf);
      AttributesResult r = PathAttributesCodec.decode(buf, ctx, false);
      assertThat(r.issues()).isEmpty();
      assertThat(r.attributes()).isEqualTo(attrs);
    } finally {
      buf.release();
    }
  }
}
