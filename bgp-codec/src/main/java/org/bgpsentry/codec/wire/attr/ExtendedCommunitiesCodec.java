package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.attr.PathAttribute.ExtendedCommunities;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 16 EXTENDED_COMMUNITIES: RFC 4360 §2; a length not a multiple of 8 is treat-as-withdraw (RFC 7606 §7.14). */
final class ExtendedCommunitiesCodec extends AttributeCodec<ExtendedCommunities> {
  ExtendedCommunitiesCodec() {
    super(16, ExtendedCommunities.class, OPTIONAL_TRANSITIVE, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  ExtendedCommunities decode(ByteBuf value, AttributeInput in) {
    List<Long> values = elements(value, 8, "EXTENDED_COMMUNITIES", in, ByteBuf::readLong);
    return values == null ? null : new ExtendedCommunities(values);
  }

  @Override
  void encode(ExtendedCommunities a, DecodeContext ctx, ByteBuf out) {
    for (Long v : a.values()) {
      out.writeLong(v);
    }
  }
}
