package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute.Origin;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 1 ORIGIN: RFC 4271 §4.3 (a); bad length or undefined value is treat-as-withdraw (RFC 7606 §7.1). */
final class OriginCodec extends AttributeCodec<Origin> {
  private static final Origin[] VALUES = {
    new Origin(OriginType.IGP), new Origin(OriginType.EGP), new Origin(OriginType.INCOMPLETE)
  };

  OriginCodec() {
    super(1, Origin.class, WELL_KNOWN, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  Origin decode(ByteBuf value, AttributeInput in) {
    if (!hasLength(value, 1, "ORIGIN", NotificationError.ATTRIBUTE_LENGTH_ERROR, in)) {
      return null;
    }
    int v = value.readUnsignedByte();
    if (v > 2) {
      return in.malformed(
          NotificationError.INVALID_ORIGIN_ATTRIBUTE, "undefined ORIGIN value: " + v + " (expected: 0..2)");
    }
    return VALUES[v];
  }

  @Override
  void encode(Origin a, DecodeContext ctx, ByteBuf out) {
    out.writeByte(a.value().code());
  }
}
