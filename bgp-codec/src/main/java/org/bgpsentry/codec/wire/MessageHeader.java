package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.OpaqueBytes;

/**
 * The BGP message header: RFC 4271 §4.1, checked as RFC 4271 §6.1 requires.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                           Marker                              |
 * +                        (16 x 0xff)                            +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length               |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param type the message type
 * @param length the whole message length, header included
 */
public record MessageHeader(MessageType type, int length) {
  public static final int MARKER_LENGTH = 16;
  public static final int HEADER_LENGTH = 19;
  /** RFC 4271 §4.1. */
  public static final int MAX_LENGTH = 4096;
  /** RFC 8654 §4. */
  public static final int MAX_EXTENDED_LENGTH = 65535;

  /** Length of the body that follows the header. */
  public int bodyLength() {
    return length - HEADER_LENGTH;
  }

  /**
   * Reads and checks the header at the reader index. When fewer than {@link #HEADER_LENGTH} bytes
   * are readable, consumes nothing and returns null (wait for more). Otherwise consumes the 19
   * header bytes, never the body, and returns the header.
   *
   * @param extendedMessage RFC 8654 negotiated: UPDATE, NOTIFICATION and ROUTE-REFRESH may be up
   *     to 65535 octets (OPEN and KEEPALIVE stay within 4096, RFC 8654 §4)
   * @throws BgpNotificationException 1/1 when the marker is not all ones; 1/2 with the length
   *     field as data when the length is out of 19..max or the type's RFC 4271 §6.1 bounds; 1/3
   *     with the type octet as data for an unknown type
   */
  public static MessageHeader read(ByteBuf in, boolean extendedMessage) {
    if (in.readableBytes() < HEADER_LENGTH) {
      return null;
    }
    int at = in.readerIndex();
    if (in.getLong(at) != -1L || in.getLong(at + 8) != -1L) {
      throw new BgpNotificationException(
          NotificationError.CONNECTION_NOT_SYNCHRONIZED,
          "marker is not all ones (expected: 16 octets 0xff)");
    }
    int length = in.getUnsignedShort(at + MARKER_LENGTH);
    int typeCode = in.getUnsignedByte(at + MARKER_LENGTH + 2);
    int max = extendedMessage ? MAX_EXTENDED_LENGTH : MAX_LENGTH;
    if (length < HEADER_LENGTH || length > max) {
      throw badLength(length, "expected: " + HEADER_LENGTH + ".." + max);
    }
    MessageType type = MessageType.fromCode(typeCode);
    if (type == null) {
      throw new BgpNotificationException(
          NotificationError.BAD_MESSAGE_TYPE,
          OpaqueBytes.of(new byte[] {(byte) typeCode}),
          "unknown message type " + typeCode + " (expected: 1..5)");
    }
    // RFC 4271 §6.1: "... or if the Length field of an OPEN message is less than the minimum
    // length of the OPEN message, ... the Error Subcode MUST be set to Bad Message Length."
    int min = minLength(type);
    int typeMax = type == MessageType.OPEN || type == MessageType.KEEPALIVE ? MAX_LENGTH : max;
    if (type == MessageType.KEEPALIVE ? length != HEADER_LENGTH : length < min || length > typeMax) {
      throw badLength(
          length,
          "expected for " + type + ": "
              + (type == MessageType.KEEPALIVE ? "19" : min + ".." + typeMax));
    }
    in.skipBytes(HEADER_LENGTH);
    return new MessageHeader(type, length);
  }

  /** The minimum length of each message type: RFC 4271 §4.2-4.4, RFC 2918 §3. */
  public static int minLength(MessageType type) {
    return switch (type) {
      case OPEN -> 29;
      case UPDATE -> 23;
      case NOTIFICATION -> 21;
      case KEEPALIVE -> 19;
      case ROUTE_REFRESH -> 23;
    };
  }

  /** Writes a header with the given total length. */
  public static void write(ByteBuf out, MessageType type, int length) {
    out.writeLong(-1L).writeLong(-1L).writeShort(length).writeByte(type.code());
  }

  private static BgpNotificationException badLength(int length, String expected) {
    return new BgpNotificationException(
        NotificationError.BAD_MESSAGE_LENGTH,
        OpaqueBytes.of(new byte[] {(byte) (length >>> 8), (byte) length}),
        "bad message length " + length + " (" + expected + ")");
  }
}
