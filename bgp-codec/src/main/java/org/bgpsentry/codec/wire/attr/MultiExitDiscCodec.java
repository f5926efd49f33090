package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.MultiExitDisc;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 4 MULTI_EXIT_DISC: RFC 4271 §4.3 (d); a length other than 4 is treat-as-withdraw (RFC 7606 §7.4). */
final class MultiExitDiscCodec extends AttributeCodec<MultiExitDisc> {
  MultiExitDiscCodec() {
    super(4, MultiExitDisc.class, OPTIONAL, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  MultiExitDisc decode(ByteBuf value, AttributeInput in) {
    return hasLength(value, 4, "MULTI_EXIT_DISC", NotificationError.ATTRIBUTE_LENGTH_ERROR, in) ? new MultiExitDisc(value.readUnsignedInt()) : null;
  }

  @Override
  void encode(MultiExitDisc a, DecodeContext ctx, ByteBuf out) {
    out.writeInt((int) a.value());
  }
}
