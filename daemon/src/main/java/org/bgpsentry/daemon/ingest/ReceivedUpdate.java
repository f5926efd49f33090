package org.bgpsentry.daemon.ingest;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.RibUpdate;
import org.bgpsentry.codec.wire.UpdateCodec;
import org.bgpsentry.codec.wire.attr.StoredAttributes;

/**
 * A decoded UPDATE (RFC 4271 §4.3) as a transport hands it to {@link AdjRibIn#apply}: the RFC 7606
 * outcome, and, when the UPDATE decoded without issues, its per-route attribute sets cut from the
 * wire ({@link StoredAttributes}) for the Adj-RIB-In, so that the ingest never rebuilds them from
 * the decoded records. A BGP session's {@link org.bgpsentry.daemon.session.BgpFrameDecoder} makes
 * one per UPDATE with {@link #decode}; so can a BMP Route Monitoring message's UPDATE (RFC 7854
 * §4.6).
 *
 * @param nlriAttributes the set of the routes in the NLRI field; null when there are none or the
 *     UPDATE had issues
 * @param mpAttributes the set of the MP_REACH_NLRI routes; null when there are none or the UPDATE
 *     had issues
 */
public record ReceivedUpdate(UpdateResult result, byte[] nlriAttributes, byte[] mpAttributes) {
  /**
   * Decodes the UPDATE body {@code body} (Withdrawn Routes Length to the end of the NLRI, consumed)
   * with {@code ctx}: one walk over its framing and one decoding of its attributes, the per-route
   * sets cut from the wire in that walk ({@link UpdateCodec#decodeForRib}). Session-level errors
   * throw {@link org.bgpsentry.codec.error.BgpNotificationException} as {@link UpdateCodec#decode}
   * does.
   */
  public static ReceivedUpdate decode(ByteBuf body, DecodeContext ctx) {
    RibUpdate r = UpdateCodec.decodeForRib(body, ctx);
    return new ReceivedUpdate(r.result(), r.nlriAttributes(), r.mpAttributes());
  }

  /**
   * For a {@code result} decoded already: cuts the sets from the body a second time, where {@link
   * #decode} does it in its one walk. {@code result}, decoded with {@code ctx}, of the UPDATE body {@code body} that started at
   * {@code bodyStart}: Withdrawn Routes Length (2), Withdrawn Routes, Total Path Attribute Length
   * (2), Path Attributes, NLRI.
   */
  public static ReceivedUpdate of(UpdateResult result, ByteBuf body, int bodyStart, DecodeContext ctx) {
    if (result.action() != ErrorAction.NONE) {
      return new ReceivedUpdate(result, null, null);
    }
    int lengthAt = bodyStart + 2 + body.getUnsignedShort(bodyStart);
    int attrLen = body.getUnsignedShort(lengthAt);
    PathAttributes attrs = result.update().attributes();
    PathAttribute.MpReachNlri mp = attrs.find(PathAttribute.MpReachNlri.class);
    byte[] nlri =
        result.update().announced().isEmpty()
            ? null
            : StoredAttributes.fromWire(body, lengthAt + 2, attrLen, ctx.fourOctetAs(), null);
    byte[] mpSet =
        mp == null || mp.nlri().isEmpty()
            ? null
            : StoredAttributes.fromWire(body, lengthAt + 2, attrLen, ctx.fourOctetAs(), mp.family());
    return new ReceivedUpdate(result, nlri, mpSet);
  }
}
