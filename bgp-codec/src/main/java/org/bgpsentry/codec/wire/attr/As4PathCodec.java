package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.PathAttribute.As4Path;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * Type 17 AS4_PATH: RFC 6793 §3, always 4-octet ASes, no confederation segments; malformed is
 * attribute discard (RFC 6793 §6). The merge into the effective path is {@link
 * AsPathSegments#merge}.
 */
final class As4PathCodec extends AttributeCodec<As4Path> {
  As4PathCodec() {
    super(17, As4Path.class, OPTIONAL_TRANSITIVE, ErrorAction.ATTRIBUTE_DISCARD);
  }

  @Override
  As4Path decode(ByteBuf value, AttributeInput in) {
    List<AsPathSegment> segments = new ArrayList<>(2);
    String error = AsPathSegments.decode(value, 4, segments);
    if (error != null) {
      return in.malformed(NotificationError.OPTIONAL_ATTRIBUTE_ERROR, error);
    }
    for (AsPathSegment s : segments) {
      if (s.type().isConfed()) {
        return in.malformed(
            NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
            "AS4_PATH holds a " + s.type() + " segment (expected: AS_SET or AS_SEQUENCE only)");
      }
    }
    return new As4Path(segments);
  }

  @Override
  void encode(As4Path a, DecodeContext ctx, ByteBuf out) {
    AsPathSegments.encode(a.segments(), 4, out);
  }
}
