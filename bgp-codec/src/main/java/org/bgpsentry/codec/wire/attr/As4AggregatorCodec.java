package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.As4Aggregator;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 18 AS4_AGGREGATOR: RFC 6793 §3; malformed is attribute discard (RFC 6793 §6). */
final class As4AggregatorCodec implements AttributeCodec<As4Aggregator> {
  @Override
  public int typeCode() {
    return 18;
  }

  @Override
  public Class<As4Aggregator> kind() {
    return As4Aggregator.class;
  }

  @Override
  public int flags() {
    return OPTIONAL_TRANSITIVE;
  }

  @Override
  public ErrorAction malformedAction() {
    return ErrorAction.ATTRIBUTE_DISCARD;
  }

  @Override
  public As4Aggregator decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len != 8) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR, "invalid AS4_AGGREGATOR length: " + len + " (expected: 8)");
    }
    return new As4Aggregator(value.readUnsignedInt(), IpAddress.ipv4(value.readInt()));
  }

  @Override
  public void encode(As4Aggregator a, DecodeContext ctx, ByteBuf out) {
    out.writeInt((int) a.asn()).writeInt(a.address().ipv4Address());
  }
}
