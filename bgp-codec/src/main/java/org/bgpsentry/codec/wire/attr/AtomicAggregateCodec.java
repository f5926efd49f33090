package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute.AtomicAggregate;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 6 ATOMIC_AGGREGATE: RFC 4271 §4.3 (f); a length other than 0 is attribute discard (RFC 7606 §7.6). */
final class AtomicAggregateCodec extends AttributeCodec<AtomicAggregate> {
  AtomicAggregateCodec() {
    super(6, AtomicAggregate.class, WELL_KNOWN, ErrorAction.ATTRIBUTE_DISCARD);
  }

  @Override
  AtomicAggregate decode(ByteBuf value, AttributeInput in) {
    return hasLength(value, 0, "ATOMIC_AGGREGATE", NotificationError.ATTRIBUTE_LENGTH_ERROR, in) ? new AtomicAggregate() : null;
  }

  @Override
  void encode(AtomicAggregate a, DecodeContext ctx, ByteBuf out) {
    // no value: RFC 4271 §4.3 (f)
  }
}
