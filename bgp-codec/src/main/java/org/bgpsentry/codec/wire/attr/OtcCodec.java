package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.Otc;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 35 OTC (Only to Customer): RFC 9234 §5; a length other than 4 is treat-as-withdraw. */
final class OtcCodec extends AttributeCodec<Otc> {
  OtcCodec() {
    super(35, Otc.class, OPTIONAL_TRANSITIVE, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  Otc decode(ByteBuf value, AttributeInput in) {
    return hasLength(value, 4, "OTC", NotificationError.OPTIONAL_ATTRIBUTE_ERROR, in) ? new Otc(value.readUnsignedInt()) : null;
  }

  @Override
  void encode(Otc a, DecodeContext ctx, ByteBuf out) {
    out.writeInt((int) a.asn());
  }
}
