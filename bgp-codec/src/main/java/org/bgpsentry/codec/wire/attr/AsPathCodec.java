package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.PathAttribute.AsPath;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * Type 2 AS_PATH: RFC 4271 §4.3 (b), 2- or 4-octet ASes per the session (RFC 6793 §4);
 * malformed segments are treat-as-withdraw (RFC 7606 §7.2).
 */
final class AsPathCodec extends AttributeCodec<AsPath> {
  AsPathCodec() {
    super(2, AsPath.class, WELL_KNOWN, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  AsPath decode(ByteBuf value, AttributeInput in) {
    List<AsPathSegment> segments = new ArrayList<>(2);
    String error = AsPathSegments.decode(value, in.ctx.fourOctetAs() ? 4 : 2, segments);
    return error == null ? new AsPath(segments) : in.malformed(NotificationError.MALFORMED_AS_PATH, error);
  }

  @Override
  void encode(AsPath a, DecodeContext ctx, ByteBuf out) {
    AsPathSegments.encode(a.segments(), ctx.fourOctetAs() ? 4 : 2, out);
  }
}
