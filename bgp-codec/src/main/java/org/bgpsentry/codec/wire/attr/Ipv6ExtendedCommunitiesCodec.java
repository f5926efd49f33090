package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.wire.NlriCodec;
import org.bgpsentry.codec.model.attr.PathAttribute.Ipv6ExtendedCommunities;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 25 IPv6 Address Specific Extended Community: RFC 5701 §2; a length not a multiple of 20 is treat-as-withdraw (RFC 7606 §7.15). */
final class Ipv6ExtendedCommunitiesCodec extends AttributeCodec<Ipv6ExtendedCommunities> {
  Ipv6ExtendedCommunitiesCodec() {
    super(25, Ipv6ExtendedCommunities.class, OPTIONAL_TRANSITIVE, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  Ipv6ExtendedCommunities decode(ByteBuf value, AttributeInput in) {
    List<OpaqueBytes> values = elements(value, 20, "IPV6_EXTENDED_COMMUNITIES", in, Ipv6ExtendedCommunitiesCodec::readOne);
    return values == null ? null : new Ipv6ExtendedCommunities(values);
  }

  private static OpaqueBytes readOne(ByteBuf value) {
    OpaqueBytes b = NlriCodec.copy(value, value.readerIndex(), 20);
    value.skipBytes(20);
    return b;
  }

  @Override
  void encode(Ipv6ExtendedCommunities a, DecodeContext ctx, ByteBuf out) {
    for (OpaqueBytes v : a.values()) {
      out.writeBytes(v.toByteArray());
    }
  }
}
