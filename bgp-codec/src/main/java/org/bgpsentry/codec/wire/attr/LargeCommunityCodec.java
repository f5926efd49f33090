package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.PathAttribute.LargeCommunities;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 32 LARGE_COMMUNITY: RFC 8092 §3; a length not a multiple of 12 is treat-as-withdraw (RFC 8092 §6). */
final class LargeCommunityCodec implements AttributeCodec<LargeCommunities> {
  @Override
  public int typeCode() {
    return 32;
  }

  @Override
  public Class<LargeCommunities> kind() {
    return LargeCommunities.class;
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
  public LargeCommunities decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len % 12 != 0) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          "invalid LARGE_COMMUNITY length: " + len + " (expected: a multiple of 12)");
    }
    List<LargeCommunity> values = new ArrayList<>(len / 12);
    while (value.isReadable()) {
      values.add(new LargeCommunity(value.readUnsignedInt(), value.readUnsignedInt(), value.readUnsignedInt()));
    }
    return new LargeCommunities(values);
  }

  @Override
  public void encode(LargeCommunities a, DecodeContext ctx, ByteBuf out) {
    for (LargeCommunity v : a.values()) {
      out.writeInt((int) v.globalAdministrator()).writeInt((int) v.localData1()).writeInt((int) v.localData2());
    }
  }
}
