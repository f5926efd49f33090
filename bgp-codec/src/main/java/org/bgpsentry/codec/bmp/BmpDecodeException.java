package org.bgpsentry.codec.bmp;

/**
 * A BMP message that cannot be decoded. Thrown by {@link BmpHeader#read} for broken framing (the
 * station closes that router's connection) and by {@link BmpCodec#decode} for a malformed body
 * inside a well-framed message (the station skips that message). RFC 7606 errors of the UPDATE
 * inside a Route Monitoring message are never thrown: they are data in its {@code UpdateResult}.
 * A message type this station does not know, in an otherwise good header, is the subclass {@link
 * BmpUnknownTypeException}: the framing is intact and the message can be skipped.
 */
public sealed class BmpDecodeException extends RuntimeException permits BmpUnknownTypeException {
  public BmpDecodeException(String message) {
    super(message);
  }
}
