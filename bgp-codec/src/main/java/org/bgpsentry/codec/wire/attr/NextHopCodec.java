package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.NextHop;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 3 NEXT_HOP: RFC 4271 §4.3 (c); a length other than 4 is treat-as-withdraw (RFC 7606 §7.3). */
final class NextHopCodec extends AttributeCodec<NextHop> {
  NextHopCodec() {
    super(3, NextHop.class, WELL_KNOWN, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  NextHop decode(ByteBuf value, AttributeInput in) {
    return hasLength(value, 4, "NEXT_HOP", NotificationError.ATTRIBUTE_LENGTH_ERROR, in) ? new NextHop(IpAddress.ipv4(value.readInt())) : null;
  }

  @Override
  void encode(NextHop a, DecodeContext ctx, ByteBuf out) {
    out.writeInt(a.address().ipv4Address());
  }
}
