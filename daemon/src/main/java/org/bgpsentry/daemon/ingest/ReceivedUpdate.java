package org.bgpsentry.daemon.ingest;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.RibUpdate;
import org.bgpsentry.codec.wire.UpdateCodec;
import org.bgpsentry.codec.wire.attr.StoredAttributes;

/**
 * A decoded UPDATE (RFC 4271 §4.3) as a transport hands it to {@link AdjRibIn#apply}: the RFC 7606
 * outcome, and, when the UPDATE decoded without issues, its per-route attribute sets cut from the
 * wire ({@link StoredAttributes}) for the Adj-RIB-In, so that the ingest never rebuilds them from
 * the decoded records. A BGP session's {@link org.bgpsentry.daemon.session.BgpFrameDecoder} makes
 * one per UPDATE with {@link #decode}; a BMP Route Monitoring message's UPDATE (RFC 7854 §4.6),
 * decoded by the BMP codec in the same one walk, becomes one with {@link #of}.
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
    return of(UpdateCodec.decodeForRib(body, ctx));
  }

  /**
   * An UPDATE another decoder decoded with {@link UpdateCodec#decodeForRib}, its sets cut in that
   * walk: a BMP Route Monitoring message's ({@link
   * org.bgpsentry.codec.bmp.BmpCodec#decodeRouteMonitoringForRib}).
   */
  public static ReceivedUpdate of(RibUpdate r) {
    return new ReceivedUpdate(r.result(), r.nlriAttributes(), r.mpAttributes());
  }
}
