package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.LocalPref;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 5 LOCAL_PREF: RFC 4271 §4.3 (e); a length other than 4 is treat-as-withdraw (RFC 7606 §7.5). */
final class LocalPrefCodec extends AttributeCodec<LocalPref> {
  LocalPrefCodec() {
    super(5, LocalPref.class, WELL_KNOWN, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  LocalPref decode(ByteBuf value, AttributeInput in) {
    return hasLength(value, 4, "LOCAL_PREF", NotificationError.ATTRIBUTE_LENGTH_ERROR, in) ? new LocalPref(value.readUnsignedInt()) : null;
  }

  @Override
  void encode(LocalPref a, DecodeContext ctx, ByteBuf out) {
    out.writeInt((int) a.value());
  }
}
