package org.bgpsentry.daemon.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.attr.AttributesResult;
import org.bgpsentry.codec.wire.attr.PathAttributesCodec;

/**
 * The records of {@code <prefix>.events}, the collectors' route and peer events for the
 * detectors (a daemons' own format, docs/architecture.md). Binary, one event per record:
 *
 * <pre>
 * u8  format (3)          u8  type (1 route, 2 established, 3 down, 4 end-of-RIB, 5 removed)
 * i64 at, epoch seconds   i32 at, nanoseconds
 * peer: u16 name length, name (UTF-8), u8 address length (4 or 16), address, u32 AS,
 *       u8 source (PeerId.Source order; not in format 1, where the name tells it)
 * route:  u8 prefix length, u8 address length, address, i64 path id, u8 kind (EventKind order),
 *         attributes and previous attributes, each i32 length (-1: none) and RFC 4271 §4.3
 *         path attributes (4-octet AS numbers; AS_PATH already merged with AS4_PATH)
 * established: u16 location length, location (UTF-8; empty: none), i64 receiving AS (-1:
 *         unknown), both from format 3 on
 * down:   u16 reason length, reason (UTF-8)
 * end-of-RIB: u16 AFI, u8 SAFI
 * </pre>
 *
 * Format 3 added to Established the peer's {@code location} (docs/configuration.md, a configured
 * peer's or its BMP router's, as the collector's config knows it), for the detectors' {@code
 * ingress_location} rule, and its {@link PeerEvent.Established#receivingAsn} (the collector's
 * local AS, the BMP router's, AS12654 for RIS), route_leak's {@code after_asn} when the leaker
 * leads the path; the receiving AS came later within format 3, which no release had written
 * without it. Format 2 added the peer's source. Formats 1 (neither: the name tells
 * the source) and 2 (no location: unknown) from older collectors are still read. A record of a
 * later format or that does not parse is {@link Malformed}: skipped by the
 * detector with a counter and a log line.
 */
final class EventCodec {
  static final int FORMAT = 3;
  private static final int FORMAT_WITHOUT_SOURCE = 1;
  /** The last format without a location and receiving AS in Established. */
  private static final int FORMAT_WITHOUT_LOCATION = 2;
  private static final PeerId.Source[] SOURCES = PeerId.Source.values();
  private static final int ROUTE = 1;
  private static final int ESTABLISHED = 2;
  private static final int DOWN = 3;
  private static final int END_OF_RIB = 4;
  private static final int REMOVED = 5;
  private static final EventKind[] KINDS = EventKind.values();

  private EventCodec() {}

  /** A decoded record: a route or peer event, or a peer that left the configuration. */
  sealed interface Event {}

  record Route(RouteEvent event) implements Event {}

  /**
   * A peer event; {@code location} only for an Established record of format 3: where the peer
   * stands ("" when nowhere), null when the record does not say.
   */
  record Peer(PeerEvent event, String location) implements Event {
    Peer(PeerEvent event) {
      this(event, null);
    }
  }

  record Removed(PeerId peer, Instant at) implements Event {}

  /** A record this daemon cannot use; {@code reason} is the metric label. */
  static final class Malformed extends Exception {
    final String reason;

    Malformed(String reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  static byte[] route(RouteEvent e) {
    ByteBuf out = head(ROUTE, e.at(), e.peer());
    Prefix p = e.prefix();
    byte[] addr = p.addressBytes();
    out.writeByte(p.length()).writeByte(addr.length).writeBytes(addr);
    out.writeLong(e.pathId()).writeByte(e.kind().ordinal());
    attributes(e.attributes(), out);
    attributes(e.previous(), out);
    return bytes(out);
  }

  /** A peer event; {@code location} (null: none) is written for Established only. */
  static byte[] peer(PeerEvent e, String location) {
    return switch (e) {
      case PeerEvent.Established x -> {
        ByteBuf out = head(ESTABLISHED, x.at(), x.peer());
        text(location == null ? "" : location, out);
        out.writeLong(x.receivingAsn());
        yield bytes(out);
      }
      case PeerEvent.Down d -> {
        ByteBuf out = head(DOWN, d.at(), d.peer());
        text(d.reason() == null ? "" : d.reason(), out);
        yield bytes(out);
      }
      case PeerEvent.EndOfRib r -> {
        ByteBuf out = head(END_OF_RIB, r.at(), r.peer());
        out.writeShort(r.family().afi().code()).writeByte(r.family().safi().code());
        yield bytes(out);
      }
    };
  }

  static byte[] removed(PeerId peer, Instant at) {
    return bytes(head(REMOVED, at, peer));
  }

  static Event decode(byte[] value) throws Malformed {
    if (value == null || value.length < 2) {
      throw new Malformed("malformed", "record of " + (value == null ? 0 : value.length) + " bytes (expected: at least 2)");
    }
    int format = value[0] & 0xff;
    if (format < FORMAT_WITHOUT_SOURCE || format > FORMAT) {
      throw new Malformed(format > FORMAT ? "newer_format" : "malformed",
          "format " + format + " (this daemon reads " + FORMAT_WITHOUT_SOURCE + " to " + FORMAT + ")");
    }
    ByteBuf in = Unpooled.wrappedBuffer(value);
    try {
      in.skipBytes(1);
      int type = in.readUnsignedByte();
      Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
      String name = readText(in);
      byte[] addr = new byte[checkedLength(in.readUnsignedByte(), 4, 16)];
      in.readBytes(addr);
      long asn = in.readUnsignedInt();
      PeerId peer = new PeerId(name, IpAddress.of(addr), asn,
          format == FORMAT_WITHOUT_SOURCE ? PeerId.Source.ofUnsourcedName(name) : source(in.readUnsignedByte()));
      Event e = switch (type) {
        case ROUTE -> {
          int length = in.readUnsignedByte();
          byte[] pa = new byte[checkedLength(in.readUnsignedByte(), 4, 16)];
          in.readBytes(pa);
          Prefix prefix = Prefix.of(pa.length == 4 ? org.bgpsentry.codec.model.nlri.Afi.IPV4
              : org.bgpsentry.codec.model.nlri.Afi.IPV6, pa, length);
          long pathId = in.readLong();
          int kind = in.readUnsignedByte();
          if (kind >= KINDS.length) {
            throw new Malformed("malformed", "route event kind " + kind + " (expected: 0.." + (KINDS.length - 1) + ")");
          }
          PathAttributes attrs = readAttributes(in);
          PathAttributes previous = readAttributes(in);
          yield new Route(new RouteEvent(peer, prefix, pathId, attrs, previous, KINDS[kind], at));
        }
        case ESTABLISHED -> {
          if (format <= FORMAT_WITHOUT_LOCATION) {
            yield new Peer(new PeerEvent.Established(peer, at), null);
          }
          String location = readText(in);
          long receivingAsn = in.readLong();
          if (receivingAsn < -1 || receivingAsn > 0xFFFF_FFFFL) {
            throw new Malformed("malformed", "receiving AS " + receivingAsn + " (expected: -1 or 0..4294967295)");
          }
          yield new Peer(new PeerEvent.Established(peer, at, receivingAsn), location);
        }
        case DOWN -> new Peer(new PeerEvent.Down(peer, readText(in), at));
        case END_OF_RIB -> new Peer(new PeerEvent.EndOfRib(peer, Family.of(in.readUnsignedShort(), in.readUnsignedByte()), at));
        case REMOVED -> new Removed(peer, at);
        default -> throw new Malformed("malformed", "event type " + type + " (expected: 1..5)");
      };
      if (in.isReadable()) {
        throw new Malformed("malformed", in.readableBytes() + " bytes after the event");
      }
      return e;
    } catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
      throw new Malformed("malformed", "truncated or invalid event: " + ex.getMessage());
    } finally {
      in.release();
    }
  }

  private static PeerId.Source source(int code) throws Malformed {
    if (code >= SOURCES.length) {
      throw new Malformed("malformed", "peer source " + code + " (expected: 0.." + (SOURCES.length - 1) + ")");
    }
    return SOURCES[code];
  }

  private static int checkedLength(int n, int a, int b) throws Malformed {
    if (n != a && n != b) {
      throw new Malformed("malformed", "address of " + n + " bytes (expected: " + a + " or " + b + ")");
    }
    return n;
  }

  private static ByteBuf head(int type, Instant at, PeerId peer) {
    ByteBuf out = Unpooled.buffer(128);
    out.writeByte(FORMAT).writeByte(type).writeLong(at.getEpochSecond()).writeInt(at.getNano());
    text(peer.name(), out);
    byte[] a = peer.address().bytes();
    out.writeByte(a.length).writeBytes(a).writeInt((int) peer.asn()).writeByte(peer.source().ordinal());
    return out;
  }

  private static void text(String s, ByteBuf out) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeShort(b.length).writeBytes(b);
  }

  private static String readText(ByteBuf in) {
    int n = in.readUnsignedShort();
    return in.readCharSequence(n, StandardCharsets.UTF_8).toString();
  }

  /** RFC 6793 §4.2.3 already applied: the effective path goes as AS_PATH, without AS4_PATH. */
  private static void attributes(PathAttributes a, ByteBuf out) {
    if (a == null) {
      out.writeInt(-1);
      return;
    }
    PathAttributes plain = a;
    if (a.find(PathAttribute.As4Path.class) != null) {
      List<PathAttribute> list = new ArrayList<>();
      List<Byte> flags = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        PathAttribute x = a.list().get(i);
        if (x instanceof PathAttribute.As4Path) {
          continue;
        }
        list.add(x instanceof PathAttribute.AsPath ? a.asPath() : x);
        flags.add((byte) a.flags(i));
      }
      byte[] f = new byte[flags.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = flags.get(i);
      }
      plain = new PathAttributes(list, f, null);
    }
    int at = out.writerIndex();
    out.writeInt(0);
    PathAttributesCodec.encode(plain, DecodeContext.FOUR_OCTET_AS, out);
    out.setInt(at, out.writerIndex() - at - 4);
  }

  private static PathAttributes readAttributes(ByteBuf in) throws Malformed {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    AttributesResult r = PathAttributesCodec.decode(in.readSlice(n), DecodeContext.FOUR_OCTET_AS, false);
    if (r.action() != ErrorAction.NONE) {
      throw new Malformed("malformed", "path attributes: " + r.issues());
    }
    return r.attributes();
  }

  private static byte[] bytes(ByteBuf out) {
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    return b;
  }
}
