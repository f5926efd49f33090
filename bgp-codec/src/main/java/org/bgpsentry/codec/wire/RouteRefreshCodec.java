package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.RouteRefresh;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * ROUTE-REFRESH message body: RFC 2918 §3, RFC 7313 §3.2 (message subtype), RFC 5291 §4 (ORF
 * entries, kept verbatim).
 *
 * <pre>
 *  0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      | Subtype | SAFI |
 * +-------+-------+-------+-------+
 * |   ORF entries (RFC 5291, optional)
 * +-------+-------+-------+--
 * </pre>
 */
public final class RouteRefreshCodec {
  private RouteRefreshCodec() {}

  /**
   * Decodes the body.
   *
   * @throws BgpNotificationException 7/1 when a BoRR or EoRR (subtype 1 or 2) body is not 4
   *     octets (RFC 7313 §5), 1/2 when the body is shorter than 4 octets
   */
  public static RouteRefresh decode(ByteBuf body) {
    int n = body.readableBytes();
    if (n < 4) {
      throw new BgpNotificationException(
          NotificationError.BAD_MESSAGE_LENGTH,
          "ROUTE-REFRESH body of " + n + " octets (expected: at least 4)");
    }
    int afi = body.readUnsignedShort();
    int subtype = body.readUnsignedByte();
    int safi = body.readUnsignedByte();
    if ((subtype == RouteRefresh.BEGINNING_OF_ROUTE_REFRESH
            || subtype == RouteRefresh.END_OF_ROUTE_REFRESH)
        && n != 4) {
      throw new BgpNotificationException(
          NotificationError.INVALID_MESSAGE_LENGTH,
          NlriCodec.copy(body, body.readerIndex() - 4, n),
          "ROUTE-REFRESH subtype " + subtype + " body of " + n + " octets (expected: 4)");
    }
    OpaqueBytes orf = NlriCodec.copy(body, body.readerIndex(), n - 4);
    body.skipBytes(n - 4);
    return new RouteRefresh(Family.of(afi, safi), subtype, orf);
  }

  public static void encode(RouteRefresh r, ByteBuf out) {
    out.writeShort(r.family().afi().code())
        .writeByte(r.subtype())
        .writeByte(r.family().safi().code())
        .writeBytes(r.orf().toByteArray());
  }
}
