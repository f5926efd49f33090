package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.Otc;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 35 OTC (Only to Customer): RFC 9234 §5; a length other than 4 is treat-as-withdraw. */
final class OtcCodec implements AttributeCodec<Otc> {
  @Override
  public int typeCode() {
    return 35;
  }

  @Override
  public Class<Otc> kind() {
    return Otc.class;
  }

  @Override
  public int flags() {
    return OPTIONAL_TRANSITIVE;
  }

  @Override
  public ErrorAction malformedAction() {
    return ErrorAction.TREAT_AS_WITHDRAW;
  }

  @Override
  public Otc decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len != 4) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR, "invalid OTC length: " + len + " (expected: 4)");
    }
    return new Otc(value.readUnsignedInt());
  }

  @Override
  public void encode(Otc a, DecodeContext ctx, ByteBuf out) {
    out.writeInt((int) a.asn());
  }
}
