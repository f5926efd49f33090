package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.OriginatorId;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 9 ORIGINATOR_ID: RFC 4456 §8; a length other than 4 is treat-as-withdraw (RFC 7606 §7.9). */
final class OriginatorIdCodec implements AttributeCodec<OriginatorId> {
  @Override
  public int typeCode() {
    return 9;
  }

  @Override
  public Class<OriginatorId> kind() {
    return OriginatorId.class;
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
  public OriginatorId decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len != 4) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR, "invalid ORIGINATOR_ID length: " + len + " (expected: 4)");
    }
    return new OriginatorId(IpAddress.ipv4(value.readInt()));
  }

  @Override
  public void encode(OriginatorId a, DecodeContext ctx, ByteBuf out) {
    out.writeInt(a.id().ipv4Address());
  }
}
