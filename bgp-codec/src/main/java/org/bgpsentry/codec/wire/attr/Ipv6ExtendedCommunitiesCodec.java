package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.wire.NlriCodec;
import org.bgpsentry.codec.model.attr.PathAttribute.Ipv6ExtendedCommunities;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 25 IPv6 Address Specific Extended Community: RFC 5701 §2; a length not a multiple of 20 is treat-as-withdraw (RFC 7606 §7.15). */
final class Ipv6ExtendedCommunitiesCodec implements AttributeCodec<Ipv6ExtendedCommunities> {
  @Override
  public int typeCode() {
    return 25;
  }

  @Override
  public Class<Ipv6ExtendedCommunities> kind() {
    return Ipv6ExtendedCommunities.class;
  }

  @Override
  public int flags() {
    return OPTIONAL_TRANSITIVE;
  }

  @Override
  public ErrorAction malformedAction() {
    return ErrorAction.TREAT_AS_WITHDRAW;
  }

  @Override
  public Ipv6ExtendedCommunities decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len % 20 != 0) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          "invalid IPV6_EXTENDED_COMMUNITIES length: " + len + " (expected: a multiple of 20)");
    }
    List<OpaqueBytes> values = new ArrayList<>(len / 20);
    while (value.isReadable()) {
      values.add(copy(value));
    }
    return new Ipv6ExtendedCommunities(values);
  }

  private static OpaqueBytes copy(ByteBuf value) {
    OpaqueBytes b = NlriCodec.copy(value, value.readerIndex(), 20);
    value.skipBytes(20);
    return b;
  }

  @Override
  public void encode(Ipv6ExtendedCommunities a, DecodeContext ctx, ByteBuf out) {
    for (OpaqueBytes v : a.values()) {
      out.writeBytes(v.toByteArray());
    }
  }
}
