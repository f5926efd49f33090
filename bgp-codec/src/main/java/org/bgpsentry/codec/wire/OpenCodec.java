package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.OptionalParameter;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * OPEN message body: RFC 4271 §4.2, with RFC 9072 extended optional parameters length.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+
 * |    Version    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     My Autonomous System      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Hold Time           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         BGP Identifier                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Opt Parm Len  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Optional Parameters (variable)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Each parameter: Parm. Type (1), Parm. Length (1), Parameter Value.
 * RFC 9072 §2: Opt Parm Len 255 and a first Parm. Type of 255 mean an Extended Opt. Parm.
 * Length (2 octets) follows, and every Parm. Length is 2 octets.
 * </pre>
 */
public final class OpenCodec {
  private static final int EXTENDED = 255;

  private OpenCodec() {}

  /**
   * Decodes the body of an OPEN.
   *
   * @throws BgpNotificationException 2/1 with the supported version as data for a version other
   *     than 4; 2/6 for a Hold Time of 1 or 2 (RFC 4271 §6.2); 2/3 for BGP Identifier 0 (RFC 6286
   *     §2.2); 2/0 when the parameter lengths do not fit the message (RFC 4271 §6.2 gives no
   *     subcode for it)
   */
  public static Open decode(ByteBuf body) {
    if (body.readableBytes() < 10) {
      throw new BgpNotificationException(
          NotificationError.BAD_MESSAGE_LENGTH,
          "OPEN body of " + body.readableBytes() + " octets (expected: at least 10)");
    }
    int version = body.readUnsignedByte();
    if (version != Open.VERSION) {
      throw new BgpNotificationException(
          NotificationError.UNSUPPORTED_VERSION_NUMBER,
          OpaqueBytes.of(new byte[] {0, Open.VERSION}),
          "unsupported BGP version " + version + " (expected: 4)");
    }
    int myAs = body.readUnsignedShort();
    int holdTime = body.readUnsignedShort();
    if (holdTime == 1 || holdTime == 2) {
      throw new BgpNotificationException(
          NotificationError.UNACCEPTABLE_HOLD_TIME,
          "unacceptable Hold Time " + holdTime + " (expected: 0 or at least 3)");
    }
    int id = body.readInt();
    if (id == 0) {
      throw new BgpNotificationException(
          NotificationError.BAD_BGP_IDENTIFIER, "BGP Identifier 0.0.0.0 (expected: non-zero)");
    }
    int optLen = body.readUnsignedByte();
    boolean extended = false;
    if (optLen == EXTENDED && body.isReadable() && body.getUnsignedByte(body.readerIndex()) == EXTENDED) {
      // RFC 9072 §2: Non-Ext OP Type 255, then the Extended Opt. Parm. Length
      if (body.readableBytes() < 3) {
        throw paramError(body, "truncated Extended Opt. Parm. Length");
      }
      body.skipBytes(1);
      optLen = body.readUnsignedShort();
      extended = true;
    }
    if (optLen != body.readableBytes()) {
      throw paramError(
          body,
          "Opt Parm Len " + optLen + " does not match the " + body.readableBytes()
              + " octets left in the OPEN");
    }
    List<OptionalParameter> params = new ArrayList<>(2);
    int headLen = extended ? 3 : 2;
    while (body.isReadable()) {
      if (body.readableBytes() < headLen) {
        throw paramError(body, "truncated optional parameter header");
      }
      int type = body.readUnsignedByte();
      int len = extended ? body.readUnsignedShort() : body.readUnsignedByte();
      if (len > body.readableBytes()) {
        throw paramError(
            body,
            "optional parameter " + type + " length " + len + " overruns the OPEN ("
                + body.readableBytes() + " octets left)");
      }
      ByteBuf value = body.readSlice(len);
      params.add(
          type == OptionalParameter.Capabilities.TYPE
              ? new OptionalParameter.Capabilities(CapabilityCodec.decode(value))
              : new OptionalParameter.Unknown(type, NlriCodec.copy(value, value.readerIndex(), len)));
    }
    return new Open(version, myAs, holdTime, IpAddress.ipv4(id), params, extended);
  }

  private static BgpNotificationException paramError(ByteBuf body, String text) {
    return new BgpNotificationException(NotificationError.OPEN_MESSAGE_ERROR, text);
  }

  /** Encodes the body of {@code open}; RFC 9072 form when it was received so or must be. */
  public static void encode(Open open, ByteBuf out) {
    out.writeByte(open.version())
        .writeShort(open.myAutonomousSystem())
        .writeShort(open.holdTime())
        .writeInt(open.bgpIdentifier().ipv4Address());
    int lenAt = out.writerIndex();
    boolean extended = open.extendedParameters();
    out.writeZero(extended ? 4 : 1);
    int start = out.writerIndex();
    for (OptionalParameter p : open.parameters()) {
      out.writeByte(p.parameterType());
      int plenAt = out.writerIndex();
      out.writeZero(extended ? 2 : 1);
      switch (p) {
        case OptionalParameter.Capabilities c -> CapabilityCodec.encode(c.capabilities(), out);
        case OptionalParameter.Unknown u -> out.writeBytes(u.value().toByteArray());
      }
      int plen = out.writerIndex() - plenAt - (extended ? 2 : 1);
      if (extended) {
        out.setShort(plenAt, plen);
      } else if (plen > 255) {
        throw new IllegalArgumentException(
            "optional parameter of " + plen + " octets needs RFC 9072 extended encoding");
      } else {
        out.setByte(plenAt, plen);
      }
    }
    int total = out.writerIndex() - start;
    if (extended) {
      out.setByte(lenAt, EXTENDED).setByte(lenAt + 1, EXTENDED).setShort(lenAt + 2, total);
    } else if (total > 255) {
      throw new IllegalArgumentException(
          "optional parameters of " + total + " octets need RFC 9072 extended encoding");
    } else {
      out.setByte(lenAt, total);
    }
  }
}
