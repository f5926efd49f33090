package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.ExtendedCommunities;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 16 EXTENDED_COMMUNITIES: RFC 4360 §2; a length not a multiple of 8 is treat-as-withdraw (RFC 7606 §7.14). */
final class ExtendedCommunitiesCodec implements AttributeCodec<ExtendedCommunities> {
  @Override
  public int typeCode() {
    return 16;
  }

  @Override
  public Class<ExtendedCommunities> kind() {
    return ExtendedCommunities.class;
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
  public ExtendedCommunities decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len % 8 != 0) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          "invalid EXTENDED_COMMUNITIES length: " + len + " (expected: a multiple of 8)");
    }
    List<Long> values = new ArrayList<>(len / 8);
    while (value.isReadable()) {
      values.add(value.readLong());
    }
    return new ExtendedCommunities(values);
  }

  @Override
  public void encode(ExtendedCommunities a, DecodeContext ctx, ByteBuf out) {
    for (Long v : a.values()) {
      out.writeLong(v);
    }
  }
}
