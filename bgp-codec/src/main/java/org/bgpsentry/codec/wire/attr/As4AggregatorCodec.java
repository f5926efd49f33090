package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.As4Aggregator;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 18 AS4_AGGREGATOR: RFC 6793 §3; malformed is attribute discard (RFC 6793 §6). */
final class As4AggregatorCodec extends AttributeCodec<As4Aggregator> {
  As4AggregatorCodec() {
    super(18, As4Aggregator.class, OPTIONAL_TRANSITIVE, ErrorAction.ATTRIBUTE_DISCARD);
  }

  @Override
  As4Aggregator decode(ByteBuf value, AttributeInput in) {
    return hasLength(value, 8, "AS4_AGGREGATOR", NotificationError.OPTIONAL_ATTRIBUTE_ERROR, in) ? new As4Aggregator(value.readUnsignedInt(), IpAddress.ipv4(value.readInt())) : null;
  }

  @Override
  void encode(As4Aggregator a, DecodeContext ctx, ByteBuf out) {
    out.writeInt((int) a.asn()).writeInt(a.address().ipv4Address());
  }
}
