package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.Aggregator;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * Type 7 AGGREGATOR: RFC 4271 §4.3 (g), 6 octets, or 8 with 4-octet ASes (RFC 6793 §3); another
 * length is attribute discard (RFC 7606 §7.7).
 */
final class AggregatorCodec extends AttributeCodec<Aggregator> {
  AggregatorCodec() {
    super(7, Aggregator.class, OPTIONAL_TRANSITIVE, ErrorAction.ATTRIBUTE_DISCARD);
  }

  @Override
  Aggregator decode(ByteBuf value, AttributeInput in) {
    boolean four = in.ctx.fourOctetAs();
    if (!hasLength(value, four ? 8 : 6, "AGGREGATOR", NotificationError.ATTRIBUTE_LENGTH_ERROR, in)) {
      return null;
    }
    long asn = four ? value.readUnsignedInt() : value.readUnsignedShort();
    return new Aggregator(asn, IpAddress.ipv4(value.readInt()), four);
  }

  @Override
  void encode(Aggregator a, DecodeContext ctx, ByteBuf out) {
    if (a.fourOctet()) {
      out.writeInt((int) a.asn());
    } else {
      out.writeShort(a.asn() > 0xffff ? AsPathSegments.AS_TRANS : (int) a.asn());
    }
    out.writeInt(a.address().ipv4Address());
  }
}
