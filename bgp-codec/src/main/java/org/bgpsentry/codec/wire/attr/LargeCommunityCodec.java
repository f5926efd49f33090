package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.PathAttribute.LargeCommunities;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 32 LARGE_COMMUNITY: RFC 8092 §3; a length not a multiple of 12 is treat-as-withdraw (RFC 8092 §6). */
final class LargeCommunityCodec extends AttributeCodec<LargeCommunities> {
  LargeCommunityCodec() {
    super(32, LargeCommunities.class, OPTIONAL_TRANSITIVE, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  LargeCommunities decode(ByteBuf value, AttributeInput in) {
    List<LargeCommunity> values = elements(value, 12, "LARGE_COMMUNITY", in, b -> new LargeCommunity(b.readUnsignedInt(), b.readUnsignedInt(), b.readUnsignedInt()));
    return values == null ? null : new LargeCommunities(values);
  }

  @Override
  void encode(LargeCommunities a, DecodeContext ctx, ByteBuf out) {
    for (LargeCommunity v : a.values()) {
      out.writeInt((int) v.globalAdministrator()).writeInt((int) v.localData1()).writeInt((int) v.localData2());
    }
  }
}
