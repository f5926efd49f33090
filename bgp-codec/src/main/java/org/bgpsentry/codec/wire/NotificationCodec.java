package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.Notification;

/**
 * NOTIFICATION message body: RFC 4271 §4.5.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code    | Error subcode |   Data (variable)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class NotificationCodec {
  private NotificationCodec() {}

  /** Decodes the body; any code/subcode is accepted (their registries are open). */
  public static Notification decode(ByteBuf body) {
    if (body.readableBytes() < 2) {
      throw new BgpNotificationException(
          NotificationError.BAD_MESSAGE_LENGTH,
          "NOTIFICATION body of " + body.readableBytes() + " octets (expected: at least 2)");
    }
    int code = body.readUnsignedByte();
    int subcode = body.readUnsignedByte();
    int n = body.readableBytes();
    Notification msg = new Notification(code, subcode, NlriCodec.copy(body, body.readerIndex(), n));
    body.skipBytes(n);
    return msg;
  }

  public static void encode(Notification n, ByteBuf out) {
    out.writeByte(n.code()).writeByte(n.subcode()).writeBytes(n.data().toByteArray());
  }
}
