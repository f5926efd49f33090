package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.Aigp;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.NlriCodec;

/**
 * Type 26 AIGP: RFC 7311 §3, a list of TLVs (Type 1 octet, Length 2 octets including the 3-octet
 * header, Value); the AIGP TLV (type 1) must have length 11. A malformed attribute is ignored,
 * which is attribute discard (RFC 7311 §3.2).
 */
final class AigpCodec extends AttributeCodec<Aigp> {
  AigpCodec() {
    super(26, Aigp.class, OPTIONAL, ErrorAction.ATTRIBUTE_DISCARD);
  }

  @Override
  Aigp decode(ByteBuf value, AttributeInput in) {
    int start = value.readerIndex();
    int end = value.writerIndex();
    for (int i = start; i < end; ) {
      if (end - i < 3) {
        return in.malformed(
            NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
            "truncated AIGP TLV header: " + (end - i) + " octets (expected: 3)");
      }
      int type = value.getUnsignedByte(i);
      int len = value.getUnsignedShort(i + 1);
      if (len < 3 || i + len > end || (type == 1 && len != 11)) {
        return in.malformed(
            NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
            "invalid AIGP TLV type " + type + " length " + len + " (expected: "
                + (type == 1 ? "11" : "3.." + (end - i)) + ")");
      }
      i += len;
    }
    return new Aigp(NlriCodec.copy(value, start, end - start));
  }

  @Override
  void encode(Aigp a, DecodeContext ctx, ByteBuf out) {
    out.writeBytes(a.tlvs().toByteArray());
  }
}
