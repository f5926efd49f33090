package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.cap.CapabilityCode;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * Capabilities inside an OPEN Capabilities parameter: RFC 5492 §4.
 *
 * <pre>
 * +------------------------------+
 * | Capability Code (1 octet)    |
 * +------------------------------+
 * | Capability Length (1 octet)  |
 * +------------------------------+
 * | Capability Value (variable)  |
 * +------------------------------+
 * </pre>
 *
 * A known code whose value does not have the layout its RFC defines is kept as {@link
 * Capability.Unknown}: a monitor does not refuse a session over a capability it only reads.
 */
public final class CapabilityCodec {
  private CapabilityCodec() {}

  /**
   * Decodes every capability in {@code in}.
   *
   * @throws BgpNotificationException 2/0 when a capability length overruns the parameter
   */
  public static List<Capability> decode(ByteBuf in) {
    List<Capability> out = new ArrayList<>(8);
    while (in.isReadable()) {
      if (in.readableBytes() < 2) {
        throw new BgpNotificationException(
            NotificationError.OPEN_MESSAGE_ERROR,
            NlriCodec.copy(in, in.readerIndex(), in.readableBytes()),
            "truncated capability header: 1 octet left (expected: code and length)");
      }
      int code = in.readUnsignedByte();
      int len = in.readUnsignedByte();
      if (len > in.readableBytes()) {
        throw new BgpNotificationException(
            NotificationError.OPEN_MESSAGE_ERROR,
            NlriCodec.copy(in, in.readerIndex() - 2, in.readableBytes() + 2),
            "capability " + code + " length " + len + " overruns the parameter ("
                + in.readableBytes() + " octets left)");
      }
      out.add(decodeOne(code, in.readSlice(len)));
    }
    return out;
  }

  private static Capability decodeOne(int code, ByteBuf v) {
    int len = v.readableBytes();
    Capability c =
        switch (code) {
          case 1 -> len == 4 ? new Capability.Multiprotocol(family(v.getUnsignedShort(v.readerIndex()), v.getUnsignedByte(v.readerIndex() + 3))) : null;
          case 2 -> len == 0 ? new Capability.RouteRefresh() : null;
          case 5 -> len % 6 == 0 ? extendedNextHop(v) : null;
          case 6 -> len == 0 ? new Capability.ExtendedMessage() : null;
          case 9 -> len == 1 ? new Capability.BgpRole(v.getUnsignedByte(v.readerIndex())) : null;
          case 64 -> len >= 2 && (len - 2) % 4 == 0 ? gracefulRestart(v) : null;
          case 65 -> len == 4 ? new Capability.FourOctetAs(v.getUnsignedInt(v.readerIndex())) : null;
          case 69 -> len % 4 == 0 ? addPath(v) : null;
          case 70 -> len == 0 ? new Capability.EnhancedRouteRefresh() : null;
          case 71 -> len % 7 == 0 ? longLived(v) : null;
          case 73 -> fqdn(v);
          default -> null;
        };
    if (c != null && !isCanonical(code, v)) {
      c = null;
    }
    return c != null
        ? c
        : new Capability.Unknown(new CapabilityCode(code), NlriCodec.copy(v, v.readerIndex(), len));
  }

  /** Reserved octets must be zero for re-encoding to be byte-exact; otherwise keep the bytes. */
  private static boolean isCanonical(int code, ByteBuf v) {
    return code != 1 || v.getUnsignedByte(v.readerIndex() + 2) == 0;
  }

  private static Family family(int afi, int safi) {
    return Family.of(afi, safi);
  }

  private static Capability extendedNextHop(ByteBuf v) {
    List<Capability.ExtendedNextHop.Entry> e = new ArrayList<>();
    for (int i = v.readerIndex(); i < v.writerIndex(); i += 6) {
      e.add(
          new Capability.ExtendedNextHop.Entry(
              Afi.of(v.getUnsignedShort(i)), v.getUnsignedShort(i + 2), Afi.of(v.getUnsignedShort(i + 4))));
    }
    return new Capability.ExtendedNextHop(e);
  }

  private static Capability gracefulRestart(ByteBuf v) {
    int at = v.readerIndex();
    int head = v.getUnsignedShort(at);
    List<Capability.GracefulRestart.Entry> e = new ArrayList<>();
    for (int i = at + 2; i < v.writerIndex(); i += 4) {
      e.add(
          new Capability.GracefulRestart.Entry(
              family(v.getUnsignedShort(i), v.getUnsignedByte(i + 2)), v.getUnsignedByte(i + 3)));
    }
    return new Capability.GracefulRestart(head >>> 12, head & 0xfff, e);
  }

  private static Capability addPath(ByteBuf v) {
    List<Capability.AddPath.Entry> e = new ArrayList<>();
    for (int i = v.readerIndex(); i < v.writerIndex(); i += 4) {
      e.add(
          new Capability.AddPath.Entry(
              family(v.getUnsignedShort(i), v.getUnsignedByte(i + 2)), v.getUnsignedByte(i + 3)));
    }
    return new Capability.AddPath(e);
  }

  private static Capability longLived(ByteBuf v) {
    List<Capability.LongLivedGracefulRestart.Entry> e = new ArrayList<>();
    for (int i = v.readerIndex(); i < v.writerIndex(); i += 7) {
      e.add(
          new Capability.LongLivedGracefulRestart.Entry(
              family(v.getUnsignedShort(i), v.getUnsignedByte(i + 2)),
              v.getUnsignedByte(i + 3),
              v.getUnsignedMedium(i + 4)));
    }
    return new Capability.LongLivedGracefulRestart(e);
  }

  private static Capability fqdn(ByteBuf v) {
    int at = v.readerIndex();
    int end = v.writerIndex();
    if (end - at < 1) {
      return null;
    }
    int hostLen = v.getUnsignedByte(at);
    if (at + 1 + hostLen + 1 > end) {
      return null;
    }
    int domainLen = v.getUnsignedByte(at + 1 + hostLen);
    if (at + 2 + hostLen + domainLen != end) {
      return null;
    }
    return new Capability.Fqdn(
        NlriCodec.copy(v, at + 1, hostLen), NlriCodec.copy(v, at + 2 + hostLen, domainLen));
  }

  /** Encodes every capability, code, length and value. */
  public static void encode(List<Capability> caps, ByteBuf out) {
    for (Capability c : caps) {
      out.writeByte(c.code().code());
      int lenAt = out.writerIndex();
      out.writeByte(0);
      switch (c) {
        case Capability.Multiprotocol m -> out.writeShort(m.family().afi().code()).writeByte(0).writeByte(m.family().safi().code());
        case Capability.RouteRefresh r -> {}
        case Capability.ExtendedNextHop x -> {
          for (Capability.ExtendedNextHop.Entry e : x.entries()) {
            out.writeShort(e.nlriAfi().code()).writeShort(e.nlriSafi()).writeShort(e.nextHopAfi().code());
          }
        }
        case Capability.ExtendedMessage x -> {}
        case Capability.BgpRole r -> out.writeByte(r.role());
        case Capability.GracefulRestart g -> {
          out.writeShort((g.flags() << 12) | (g.restartTime() & 0xfff));
          for (Capability.GracefulRestart.Entry e : g.families()) {
            out.writeShort(e.family().afi().code()).writeByte(e.family().safi().code()).writeByte(e.flags());
          }
        }
        case Capability.FourOctetAs f -> out.writeInt((int) f.asn());
        case Capability.AddPath a -> {
          for (Capability.AddPath.Entry e : a.families()) {
            out.writeShort(e.family().afi().code()).writeByte(e.family().safi().code()).writeByte(e.sendReceive());
          }
        }
        case Capability.EnhancedRouteRefresh x -> {}
        case Capability.LongLivedGracefulRestart l -> {
          for (Capability.LongLivedGracefulRestart.Entry e : l.families()) {
            out.writeShort(e.family().afi().code()).writeByte(e.family().safi().code()).writeByte(e.flags()).writeMedium(e.staleTime());
          }
        }
        case Capability.Fqdn f -> {
          out.writeByte(f.hostName().length()).writeBytes(f.hostName().toByteArray());
          out.writeByte(f.domainName().length()).writeBytes(f.domainName().toByteArray());
        }
        case Capability.Unknown u -> out.writeBytes(u.value().toByteArray());
      }
      int len = out.writerIndex() - lenAt - 1;
      if (len > 255) {
        throw new IllegalArgumentException("capability " + c.code().code() + " value of " + len + " octets (expected: at most 255)");
      }
      out.setByte(lenAt, len);
    }
  }
}
