package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.MultiExitDisc;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 4 MULTI_EXIT_DISC: RFC 4271 §4.3 (d); a length other than 4 is treat-as-withdraw (RFC 7606 §7.4). */
final class MultiExitDiscCodec implements AttributeCodec<MultiExitDisc> {
  @Override
  public int typeCode() {
    return 4;
  }

  @Override
  public Class<MultiExitDisc> kind() {
    return MultiExitDisc.class;
  }

  @Override
  public int flags() {
    return OPTIONAL;
  }

  @Override
  public ErrorAction malformedAction() {
    return ErrorAction.TREAT_AS_WITHDRAW;
  }

  @Override
  public MultiExitDisc decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len != 4) {
      return in.malformed(
          NotificationError.ATTRIBUTE_LENGTH_ERROR, "invalid MULTI_EXIT_DISC length: " + len + " (expected: 4)");
    }
    return new MultiExitDisc(value.readUnsignedInt());
  }

  @Override
  public void encode(MultiExitDisc a, DecodeContext ctx, ByteBuf out) {
    out.writeInt((int) a.value());
  }
}
