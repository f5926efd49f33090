package org.bgpsentry.codec.bmp;

import io.netty.buffer.ByteBuf;

/**
 * The BMP common header: RFC 7854 §4.1.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+
 * |    Version    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Message Length                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Msg. Type   |
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param type the message type
 * @param length the whole message length, this header included
 */
public record BmpHeader(BmpMessageType type, int length) {
  /** RFC 7854 §4.1: version 3. */
  public static final int VERSION = 3;

  public static final int HEADER_LENGTH = 6;

  /**
   * The largest message this station takes: 1 MiB. RFC 7854 sets no bound; the largest legitimate
   * message is a Route Monitoring message with a 65535-octet UPDATE (RFC 8654) or a Route
   * Mirroring message of a few such PDUs.
   */
  public static final int MAX_LENGTH = 1 << 20;

  /** Length of the body that follows the common header. */
  public int bodyLength() {
    return length - HEADER_LENGTH;
  }

  /**
   * Reads and checks the common header at the reader index. When fewer than {@link #HEADER_LENGTH}
   * bytes are readable, consumes nothing and returns null (wait for more); otherwise consumes the
   * header, never the body.
   *
   * @throws BmpDecodeException for a version other than 3 or a length outside 6..1 MiB: the
   *     stream cannot be resynchronised
   * @throws BmpUnknownTypeException for an unknown message type in an otherwise good header,
   *     which is not consumed: the message can be skipped
   */
  public static BmpHeader read(ByteBuf in) {
    if (in.readableBytes() < HEADER_LENGTH) {
      return null;
    }
    int at = in.readerIndex();
    int version = in.getUnsignedByte(at);
    if (version != VERSION) {
      throw new BmpDecodeException("unsupported BMP version " + version + " (expected: 3)");
    }
    long length = in.getUnsignedInt(at + 1);
    if (length < HEADER_LENGTH || length > MAX_LENGTH) {
      throw new BmpDecodeException(
          "bad BMP message length " + length + " (expected: " + HEADER_LENGTH + ".." + MAX_LENGTH + ")");
    }
    int code = in.getUnsignedByte(at + 5);
    BmpMessageType type = BmpMessageType.fromCode(code);
    if (type == null) {
      throw new BmpUnknownTypeException(code, (int) length);
    }
    in.skipBytes(HEADER_LENGTH);
    return new BmpHeader(type, (int) length);
  }

  /** Writes a common header with the given total length. */
  public static void write(ByteBuf out, BmpMessageType type, int length) {
    out.writeByte(VERSION).writeInt(length).writeByte(type.code());
  }
}
