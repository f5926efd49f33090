package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.Communities;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 8 COMMUNITIES: RFC 1997; a length not a multiple of 4 is treat-as-withdraw (RFC 7606 §7.8). */
final class CommunitiesCodec implements AttributeCodec<Communities> {
  @Override
  public int typeCode() {
    return 8;
  }

  @Override
  public Class<Communities> kind() {
    return Communities.class;
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
  public Communities decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len % 4 != 0) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          "invalid COMMUNITIES length: " + len + " (expected: a multiple of 4)");
    }
    List<Integer> values = new ArrayList<>(len / 4);
    while (value.isReadable()) {
      values.add(value.readInt());
    }
    return new Communities(values);
  }

  @Override
  public void encode(Communities a, DecodeContext ctx, ByteBuf out) {
    for (Integer v : a.values()) {
      out.writeInt(v);
    }
  }
}
