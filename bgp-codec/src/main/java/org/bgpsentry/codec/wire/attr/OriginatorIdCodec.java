package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.OriginatorId;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 9 ORIGINATOR_ID: RFC 4456 §8; a length other than 4 is treat-as-withdraw (RFC 7606 §7.9). */
final class OriginatorIdCodec extends AttributeCodec<OriginatorId> {
  OriginatorIdCodec() {
    super(9, OriginatorId.class, OPTIONAL, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  OriginatorId decode(ByteBuf value, AttributeInput in) {
    return hasLength(value, 4, "ORIGINATOR_ID", NotificationError.OPTIONAL_ATTRIBUTE_ERROR, in) ? new OriginatorId(IpAddress.ipv4(value.readInt())) : null;
  }

  @Override
  void encode(OriginatorId a, DecodeContext ctx, ByteBuf out) {
    out.writeInt(a.id().ipv4Address());
  }
}
