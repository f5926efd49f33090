package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.MessageType;
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
   * @throws BgpNotificationException 7/1 with the whole message (header included) as data when a
   *     BoRR or EoRR (subtype 1 or 2) body is not 4 octets (RFC 7313 §5), 1/2 when the body is
   *     shorter than 4 octets
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
      // RFC 7313 §5: the Data field "MUST contain the complete ROUTE-REFRESH message", its
      // header too; the frame decoder checked the marker, so the header is what the peer sent.
      byte[] message = new byte[MessageHeader.HEADER_LENGTH + n];
      Arrays.fill(message, 0, MessageHeader.MARKER_LENGTH, (byte) 0xff);
      message[MessageHeader.MARKER_LENGTH] = (byte) (message.length >>> 8);
      message[MessageHeader.MARKER_LENGTH + 1] = (byte) message.length;
      message[MessageHeader.MARKER_LENGTH + 2] = (byte) MessageType.ROUTE_REFRESH.code();
      body.getBytes(body.readerIndex() - 4, message, MessageHeader.HEADER_LENGTH, n);
      throw new BgpNotificationException(
          NotificationError.INVALID_MESSAGE_LENGTH,
          OpaqueBytes.wrap(message),
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
