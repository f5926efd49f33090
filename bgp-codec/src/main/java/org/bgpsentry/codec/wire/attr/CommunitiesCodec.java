package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.attr.PathAttribute.Communities;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 8 COMMUNITIES: RFC 1997; a length not a multiple of 4 is treat-as-withdraw (RFC 7606 §7.8). */
final class CommunitiesCodec extends AttributeCodec<Communities> {
  CommunitiesCodec() {
    super(8, Communities.class, OPTIONAL_TRANSITIVE, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  Communities decode(ByteBuf value, AttributeInput in) {
    List<Integer> values = elements(value, 4, "COMMUNITIES", in, ByteBuf::readInt);
    return values == null ? null : new Communities(values);
  }

  @Override
  void encode(Communities a, DecodeContext ctx, ByteBuf out) {
    for (Integer v : a.values()) {
      out.writeInt(v);
    }
  }
}
