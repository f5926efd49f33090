package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.NextHop;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 3 NEXT_HOP: RFC 4271 §4.3 (c); a length other than 4 is treat-as-withdraw (RFC 7606 §7.3). */
final class NextHopCodec implements AttributeCodec<NextHop> {
  @Override
  public int typeCode() {
    return 3;
  }

  @Override
  public Class<NextHop> kind() {
    return NextHop.class;
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
  public NextHop decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len != 4) {
      return in.malformed(
          NotificationError.ATTRIBUTE_LENGTH_ERROR, "invalid NEXT_HOP length: " + len + " (expected: 4)");
    }
    return new NextHop(IpAddress.ipv4(value.readInt()));
  }

  @Override
  public void encode(NextHop a, DecodeContext ctx, ByteBuf out) {
    out.writeInt(a.address().ipv4Address());
  }
}
