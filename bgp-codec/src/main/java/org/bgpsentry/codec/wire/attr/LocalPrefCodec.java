package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.LocalPref;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 5 LOCAL_PREF: RFC 4271 §4.3 (e); a length other than 4 is treat-as-withdraw (RFC 7606 §7.5). */
final class LocalPrefCodec implements AttributeCodec<LocalPref> {
  @Override
  public int typeCode() {
    return 5;
  }

  @Override
  public Class<LocalPref> kind() {
    return LocalPref.class;
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
  public LocalPref decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len != 4) {
      return in.malformed(
          NotificationError.ATTRIBUTE_LENGTH_ERROR, "invalid LOCAL_PREF length: " + len + " (expected: 4)");
    }
    return new LocalPref(value.readUnsignedInt());
  }

  @Override
  public void encode(LocalPref a, DecodeContext ctx, ByteBuf out) {
    out.writeInt((int) a.value());
  }
}
