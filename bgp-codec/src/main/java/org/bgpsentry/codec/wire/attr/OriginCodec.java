package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute.Origin;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 1 ORIGIN: RFC 4271 §4.3 (a); bad length or undefined value is treat-as-withdraw (RFC 7606 §7.1). */
final class OriginCodec implements AttributeCodec<Origin> {
  private static final Origin[] VALUES = {
    new Origin(OriginType.IGP), new Origin(OriginType.EGP), new Origin(OriginType.INCOMPLETE)
  };

  @Override
  public int typeCode() {
    return 1;
  }

  @Override
  public Class<Origin> kind() {
    return Origin.class;
  }

  @Override
  public int flags() {
    return WELL_KNOWN;
  }

  @Override
  public ErrorAction malformedAction() {
    return ErrorAction.TREAT_AS_WITHDRAW;
  }

  @Override
  public Origin decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len != 1) {
      return in.malformed(
          NotificationError.ATTRIBUTE_LENGTH_ERROR, "invalid ORIGIN length: " + len + " (expected: 1)");
    }
    int v = value.readUnsignedByte();
    if (v > 2) {
      return in.malformed(
          NotificationError.INVALID_ORIGIN_ATTRIBUTE, "undefined ORIGIN value: " + v + " (expected: 0..2)");
    }
    return VALUES[v];
  }

  @Override
  public void encode(Origin a, DecodeContext ctx, ByteBuf out) {
    out.writeByte(a.value().code());
  }
}
