package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.AtomicAggregate;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 6 ATOMIC_AGGREGATE: RFC 4271 §4.3 (f); a length other than 0 is attribute discard (RFC 7606 §7.6). */
final class AtomicAggregateCodec implements AttributeCodec<AtomicAggregate> {
  @Override
  public int typeCode() {
    return 6;
  }

  @Override
  public Class<AtomicAggregate> kind() {
    return AtomicAggregate.class;
  }

  @Override
  public int flags() {
    return WELL_KNOWN;
  }

  @Override
  public ErrorAction malformedAction() {
    return ErrorAction.ATTRIBUTE_DISCARD;
  }

  @Override
  public AtomicAggregate decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len != 0) {
      return in.malformed(
          NotificationError.ATTRIBUTE_LENGTH_ERROR, "invalid ATOMIC_AGGREGATE length: " + len + " (expected: 0)");
    }
    return new AtomicAggregate();
  }

  @Override
  public void encode(AtomicAggregate a, DecodeContext ctx, ByteBuf out) {
    // no value: RFC 4271 §4.3 (f)
  }
}
