package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.attr.PathAttribute.MpUnreachNlri;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.NlriCodec;

/**
 * Type 15 MP_UNREACH_NLRI: RFC 4760 §4. No withdrawn routes is the End-of-RIB marker of the
 * family (RFC 4724 §2). RFC 7606 §7.12: no AFI/SAFI is session reset, unparsable withdrawn routes
 * AFI/SAFI disable.
 *
 * <pre>
 * +---------------------------------------------------------+
 * | Address Family Identifier (2 octets)                    |
 * +---------------------------------------------------------+
 * | Subsequent Address Family Identifier (1 octet)          |
 * +---------------------------------------------------------+
 * | Withdrawn Routes (variable)                             |
 * +---------------------------------------------------------+
 * </pre>
 */
final class MpUnreachNlriCodec extends AttributeCodec<MpUnreachNlri> {
  MpUnreachNlriCodec() {
    super(15, MpUnreachNlri.class, OPTIONAL, ErrorAction.AFI_SAFI_DISABLE);
  }

  @Override
  MpUnreachNlri decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len < 3) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          ErrorAction.SESSION_RESET,
          "MP_UNREACH_NLRI of " + len + " octets has no AFI/SAFI (expected: at least 3)");
    }
    Family family = Family.of(value.readUnsignedShort(), value.readUnsignedByte());
    if (!MpReachNlriCodec.isPrefixFamily(family)) {
      return new MpUnreachNlri(
          family, List.of(), NlriCodec.copy(value, value.readerIndex(), value.readableBytes()));
    }
    List<Nlri> withdrawn = new ArrayList<>();
    String error =
        NlriCodec.decode(value, family.afi(), in.ctx.addPath(family), withdrawn, in.issues);
    if (error != null) {
      return in.disable(family, NotificationError.OPTIONAL_ATTRIBUTE_ERROR, "MP_UNREACH_NLRI: " + error);
    }
    return new MpUnreachNlri(family, withdrawn, OpaqueBytes.EMPTY);
  }

  @Override
  void encode(MpUnreachNlri a, DecodeContext ctx, ByteBuf out) {
    out.writeShort(a.family().afi().code()).writeByte(a.family().safi().code());
    if (a.opaqueNlri().length() > 0) {
      out.writeBytes(a.opaqueNlri().toByteArray());
    } else {
      NlriCodec.encode(a.withdrawn(), ctx.addPath(a.family()), out);
    }
  }
}
