package org.bgpsentry.codec.bmp;

/**
 * A common header (RFC 7854 §4.1) with version 3 and a good length but a Message Type this station
 * does not decode (IANA "BMP Message Types" may assign more). Thrown by {@link BmpHeader#read}
 * without consuming the header: the message is {@link #length()} octets and the next one follows
 * it, so a station can skip it and keep the router, as RFC 7854 §4.1 requires ("A BMP
 * implementation MUST ignore unrecognized message types upon receipt").
 */
public final class BmpUnknownTypeException extends BmpDecodeException {
  private final int typeCode;
  private final int length;

  BmpUnknownTypeException(int typeCode, int length) {
    super("unknown BMP message type " + typeCode + " (expected: 0..6)");
    this.typeCode = typeCode;
    this.length = length;
  }

  /** The Message Type octet. */
  public int typeCode() {
    return typeCode;
  }

  /** The whole message length, the common header included. */
  public int length() {
    return length;
  }
}
