package org.bgpsentry.codec.mrt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttribute.Aggregator;
import org.bgpsentry.codec.model.attr.PathAttribute.As4Aggregator;
import org.bgpsentry.codec.model.attr.PathAttribute.AsPath;
import org.bgpsentry.codec.model.attr.PathAttribute.AtomicAggregate;
import org.bgpsentry.codec.model.attr.PathAttribute.Communities;
import org.bgpsentry.codec.model.attr.PathAttribute.LocalPref;
import org.bgpsentry.codec.model.attr.PathAttribute.MpReachNlri;
import org.bgpsentry.codec.model.attr.PathAttribute.MpUnreachNlri;
import org.bgpsentry.codec.model.attr.PathAttribute.MultiExitDisc;
import org.bgpsentry.codec.model.attr.PathAttribute.NextHop;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.model.nlri.Safi;
import org.bgpsentry.codec.mrt.MrtRecord.Bgp4mpMessage;
import org.bgpsentry.codec.mrt.MrtRecord.Bgp4mpStateChange;
import org.bgpsentry.codec.mrt.MrtRecord.BgpStateChange;
import org.bgpsentry.codec.mrt.MrtRecord.BgpUpdate;
import org.bgpsentry.codec.mrt.MrtRecord.PeerEntry;
import org.bgpsentry.codec.mrt.MrtRecord.PeerIndexTable;
import org.bgpsentry.codec.mrt.MrtRecord.Rib;
import org.bgpsentry.codec.mrt.MrtRecord.RibEntry;
import org.bgpsentry.codec.mrt.MrtRecord.RibGeneric;
import org.bgpsentry.codec.mrt.MrtRecord.TableDump;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.attr.PathAttributesCodec;

/**
 * The one-line-per-route text of {@code bgpdump -m} (RIPE NCC bgpdump 1.6), built from decoded MRT
 * records: {@code TABLE_DUMP|time|B|peer|peer-as|prefix|as-path|origin|next-hop|local-pref|
 * med|communities|AG/NAG|aggregator|}, the same for {@code TABLE_DUMP2} (with the path id after the
 * prefix for {@code TABLE_DUMP2_AP}), {@code BGP4MP|time|A|...}, {@code BGP4MP|time|W|peer|
 * peer-as|prefix}, {@code BGP4MP|time|STATE|peer|peer-as|old|new}, and {@code BGP|...} for the
 * deprecated type 5. bgpdump's field rules are kept: absent LOCAL_PREF/MED print 0, an absent
 * NEXT_HOP prints 255.255.255.255, absent ORIGIN prints INCOMPLETE, and RIB entries take the next
 * hop from an IPv6 MP_REACH_NLRI when there is one. bgpdump prints nothing for OPEN, NOTIFICATION,
 * KEEPALIVE, multicast and RIB_GENERIC RIB records, and RIB records without a PEER_INDEX_TABLE;
 * neither does this. One bgpdump bug is not copied (see {@link #bgpUpdate}).
 *
 * <p>One instance per file: it remembers the file's PEER_INDEX_TABLE. Output accumulates in an
 * internal buffer; {@link #writeTo} moves it to a stream.
 */
public final class BgpdumpFormat {
  private static final int BGP_MARKER_AND_LENGTH = 18;
  private static final int UPDATE = 2;
  private static final long AS_TRANS = 23456;
  private static final Set<Family> ADD_PATH_FAMILIES =
      Set.of(
          Family.IPV4_UNICAST,
          Family.IPV4_MULTICAST,
          Family.IPV6_UNICAST,
          Family.IPV6_MULTICAST,
          Family.of(1, 3),
          Family.of(2, 3));

  /** How bgpdump prints LOCAL_PREF, MED and communities in a given kind of line. */
  private enum FieldStyle {
    /** {@code %u}: RIB entries, IPv4 NLRI field, IPv6 MP_REACH_NLRI. */
    UNSIGNED,
    /** {@code %d}: IPv4 routes of MP_REACH_NLRI. */
    SIGNED,
    /** Type 5 BGP: no {@code |} between MED and the communities (bgpdump 1.6 prints none). */
    LEGACY
  }

  /** Distinct attribute sets remembered per RIB kind before the memo is emptied. */
  private static final int MEMO_LIMIT = 1 << 16;

  private final AsciiWriter out = new AsciiWriter(1 << 17);

  /** {@code FORMAT|time|} and {@code peer|peer-as|} of the BGP4MP message at hand. */
  private final AsciiWriter head = new AsciiWriter(64);

  private final AsciiWriter peerPart = new AsciiWriter(64);

  /** The route fields of the UPDATE or RIB entry at hand, shared by all of its prefixes. */
  private final AsciiWriter fields = new AsciiWriter(1 << 10);

  /** Route fields by attribute bytes: RIB dumps repeat the same attribute sets many times. */
  private final Map<OpaqueBytes, byte[]> tableDumpMemo = new HashMap<>();

  private final Map<OpaqueBytes, byte[]> ribMemo = new HashMap<>();
  private PeerIndexTable peers;

  /** Bytes formatted and not yet written. */
  public int buffered() {
    return out.size();
  }

  /** Writes the buffered lines to {@code stream} and empties the buffer. */
  public void writeTo(OutputStream stream) throws IOException {
    out.writeTo(stream);
  }

  /** Appends the lines of {@code record} (none for records bgpdump does not print). */
  public void format(MrtRecord record) {
    switch (record) {
      case TableDump t -> tableDump(t);
      case PeerIndexTable p -> peers = p;
      case Rib r -> rib(r);
      case RibGeneric g -> {
        // bgpdump 1.6 does not decode RIB_GENERIC.
      }
      case Bgp4mpMessage m -> bgp4mpMessage(m);
      case Bgp4mpStateChange s -> bgp4mpStateChange(s);
      case BgpUpdate u -> bgpUpdate(u);
      case BgpStateChange s -> bgpStateChange(s);
    }
  }

  // ---- TABLE_DUMP and TABLE_DUMP_V2 ----

  private void tableDump(TableDump t) {
    byte[] route = ribFields(tableDumpMemo, t.attributes(), DecodeContext.of(false).forMrt(), false);
    if (route == null) {
      return;
    }
    out.ascii("TABLE_DUMP|").dec(t.header().timestamp()).ascii("|B|");
    address(t.peerAddress()).ch('|').dec(t.peerAs()).ch('|');
    address(t.prefixAddress()).ch('/').dec(t.prefixLength()).ch('|');
    out.append(route, route.length);
  }

  private void rib(Rib r) {
    if (!r.safi().equals(Safi.UNICAST) || peers == null) {
      return; // bgpdump 1.6 prints unicast RIBs only, and needs the peer index
    }
    DecodeContext ctx = DecodeContext.of(true).forMrt();
    for (RibEntry e : r.entries()) {
      if (e.peerIndex() >= peers.peers().size()) {
        continue;
      }
      byte[] route = ribFields(ribMemo, e.attributes(), ctx, true);
      if (route == null) {
        continue;
      }
      PeerEntry peer = peers.peers().get(e.peerIndex());
      out.ascii(r.addPath() ? "TABLE_DUMP2_AP|" : "TABLE_DUMP2|");
      out.dec(r.header().timestamp()).ascii("|B|");
      address(peer.address()).ch('|').dec(peer.asn()).ch('|');
      address(r.prefixAddress()).ch('/').dec(r.prefixLength()).ch('|');
      if (r.addPath()) {
        out.dec(e.pathId()).ch('|');
      }
      out.append(route, route.length);
    }
  }

  /**
   * The route fields of a RIB entry's attributes, from the memo or decoded; null if undecodable.
   */
  private byte[] ribFields(
      Map<OpaqueBytes, byte[]> memo, OpaqueBytes attributes, DecodeContext ctx, boolean v2) {
    byte[] route = memo.get(attributes);
    if (route != null) {
      return route;
    }
    PathAttributes attrs = attributes(attributes, ctx, v2);
    if (attrs == null) {
      return null;
    }
    renderFields(attrs, ribNextHop(attrs, v2), FieldStyle.UNSIGNED);
    route = fields.toByteArray();
    if (memo.size() >= MEMO_LIMIT) {
      memo.clear();
    }
    memo.put(attributes, route);
    return route;
  }

  /**
   * bgpdump takes a RIB entry's next hop from MP_REACH_NLRI when it was stored as IPv6 unicast
   * (every abbreviated one, RFC 6396 §4.3.4, and a full one for IPv6 unicast), else NEXT_HOP.
   */
  private IpAddress ribNextHop(PathAttributes attrs, boolean abbreviated) {
    MpReachNlri mp = attrs.find(MpReachNlri.class);
    if (mp != null && (abbreviated || Family.IPV6_UNICAST.equals(mp.family()))) {
      return mpNextHop(mp, 16);
    }
    return nextHop(attrs);
  }

  // ---- BGP4MP ----

  private void bgp4mpStateChange(Bgp4mpStateChange s) {
    timeAndKind(s.header(), s.header().extendedTimestamp() ? "BGP4MP_ET|" : "BGP4MP|", "STATE");
    address(s.peerAddress()).ch('|').dec(s.peerAs()).ch('|');
    out.dec(s.oldState()).ch('|').dec(s.newState()).ch('\n');
  }

  private void bgp4mpMessage(Bgp4mpMessage m) {
    OpaqueBytes message = m.message();
    if (message.length() < BGP_MARKER_AND_LENGTH + 1 || message.get(18) != UPDATE) {
      return; // bgpdump -m prints UPDATEs only
    }
    for (int i = 0; i < 16; i++) {
      if (message.get(i) != (byte) 0xff) {
        return;
      }
    }
    int size = ((message.get(16) & 0xff) << 8) | (message.get(17) & 0xff);
    int bodyLength = Math.min(size - BGP_MARKER_AND_LENGTH - 1, message.length() - 19);
    if (bodyLength < 0) {
      return;
    }
    DecodeContext ctx =
        new DecodeContext(m.fourOctetAs(), m.addPath() ? ADD_PATH_FAMILIES : Set.of(), true, true);
    Update update = update(message, 19, bodyLength, ctx);
    if (update == null) {
      return;
    }
    MrtHeader h = m.header();
    head.reset();
    head.ascii(h.extendedTimestamp() ? "BGP4MP_ET" : "BGP4MP");
    head.ascii(m.local() ? "_LOCAL" : "").ascii(m.addPath() ? "_AP|" : "|").dec(h.timestamp());
    if (h.extendedTimestamp()) {
      head.ch('.').micros(h.microseconds());
    }
    head.ch('|');
    IpAddress peer = m.peerAddress();
    peerPart.reset();
    if (m.afi().equals(Afi.IPV6)) {
      peerPart.ipv6(peer.hi(), peer.lo());
    } else {
      peerPart.ipv4(peer.ipv4Address());
    }
    peerPart.ch('|').dec(m.peerAs()).ch('|');
    PathAttributes attrs = update.attributes();
    for (Nlri n : update.withdrawn()) {
      withdrawLine(n);
    }
    for (MpUnreachNlri u : mp(attrs, MpUnreachNlri.class)) {
      for (Nlri n : u.withdrawn()) {
        withdrawLine(n);
      }
    }
    if (!update.announced().isEmpty()) {
      renderFields(attrs, nextHop(attrs), FieldStyle.UNSIGNED);
      for (Nlri n : update.announced()) {
        announceLine(n);
      }
    }
    for (MpReachNlri r : mp(attrs, MpReachNlri.class)) {
      boolean v6 = r.family().afi().equals(Afi.IPV6);
      FieldStyle style = v6 ? FieldStyle.UNSIGNED : FieldStyle.SIGNED;
      renderFields(attrs, mpNextHop(r, v6 ? 16 : 4), style);
      for (Nlri n : r.nlri()) {
        announceLine(n);
      }
    }
  }

  /** One W line of the message whose head and peer part were rendered. */
  private void withdrawLine(Nlri n) {
    out.append(head).ascii("W|").append(peerPart);
    prefix(n.prefix());
    if (n.hasPathId()) {
      out.ch('|').dec(n.pathId());
    }
    out.ch('\n');
  }

  /** One A line of the message whose head, peer part and route fields were rendered. */
  private void announceLine(Nlri n) {
    out.append(head).ascii("A|").append(peerPart);
    prefix(n.prefix()).ch('|');
    if (n.hasPathId()) {
      out.dec(n.pathId()).ch('|');
    }
    out.append(fields);
  }

  /** The MP_REACH_NLRI / MP_UNREACH_NLRI of the families bgpdump prints (AFI 1-2, SAFI 1-3). */
  private static <T extends PathAttribute> List<T> mp(PathAttributes attrs, Class<T> kind) {
    T a = attrs.find(kind);
    if (a == null) {
      return List.of();
    }
    Family f = a instanceof MpReachNlri r ? r.family() : ((MpUnreachNlri) a).family();
    int afi = f.afi().code();
    int safi = f.safi().code();
    return afi >= 1 && afi <= 2 && safi >= 1 && safi <= 3 ? List.of(a) : List.of();
  }

  // ---- deprecated type 5 BGP ----

  /**
   * Deprecated type 5 BGP_UPDATE. bgpdump 1.6 writes these A lines without a communities field of
   * their own: the communities follow the MED directly ({@code |0|08918:60|NAG||}), and a line
   * without communities has one field less ({@code |0|0|NAG||}); copied as is. Its W lines show the
   * peer address in place of the prefix address (two {@code inet_ntoa} results in one printf); that
   * bug is not copied: the prefix is printed.
   */
  private void bgpUpdate(BgpUpdate u) {
    OpaqueBytes body = u.update();
    Update update =
        update(body, 0, body.length(), DecodeContext.DEFAULT.withExtendedMessage(true).forMrt());
    if (update == null) {
      return;
    }
    for (Nlri n : update.withdrawn()) {
      timeAndKind(u.header(), "BGP|", "W");
      out.ipv4(u.peerAddress().ipv4Address()).ch('|').dec(u.peerAs()).ch('|');
      prefix(n.prefix()).ch('\n');
    }
    PathAttributes attrs = update.attributes();
    if (!update.announced().isEmpty()) {
      renderFields(attrs, nextHop(attrs), FieldStyle.LEGACY);
    }
    for (Nlri n : update.announced()) {
      timeAndKind(u.header(), "BGP|", "A");
      out.ipv4(u.peerAddress().ipv4Address()).ch('|').dec(u.peerAs()).ch('|');
      prefix(n.prefix()).ch('|');
      out.append(fields);
    }
  }

  private void bgpStateChange(BgpStateChange s) {
    timeAndKind(s.header(), "BGP|", "STATE");
    out.ipv4(s.peerAddress().ipv4Address()).ch('|').dec(s.peerAs()).ch('|');
    out.dec(s.oldState()).ch('|').dec(s.newState()).ch('\n');
  }

  // ---- shared fields ----

  private void timeAndKind(MrtHeader h, String format, String kind) {
    out.ascii(format).dec(h.timestamp());
    if (h.extendedTimestamp()) {
      out.ch('.').micros(h.microseconds());
    }
    out.ch('|').ascii(kind).ch('|');
  }

  /**
   * Renders {@code as-path|origin|next-hop|local-pref|med|communities|AG|aggregator|\n} into {@link
   * #fields}, replacing what it held.
   */
  private void renderFields(PathAttributes attrs, IpAddress nextHop, FieldStyle style) {
    AsciiWriter w = fields;
    w.reset();
    if (attrs.find(AsPath.class) != null) {
      asPath(w, attrs.asPath().segments());
    }
    w.ch('|');
    OriginType origin = attrs.origin();
    w.ascii(origin == OriginType.IGP ? "IGP" : origin == OriginType.EGP ? "EGP" : "INCOMPLETE");
    w.ch('|');
    if (nextHop.ipv6()) {
      w.ipv6(nextHop.hi(), nextHop.lo());
    } else {
      w.ipv4(nextHop.ipv4Address());
    }
    w.ch('|');
    LocalPref lp = attrs.find(LocalPref.class);
    MultiExitDisc med = attrs.find(MultiExitDisc.class);
    long lpValue = lp == null ? 0 : lp.value();
    long medValue = med == null ? 0 : med.value();
    boolean signed = style == FieldStyle.SIGNED;
    w.dec(signed ? (int) lpValue : lpValue).ch('|');
    w.dec(signed ? (int) medValue : medValue);
    Communities communities = attrs.find(Communities.class);
    if (style != FieldStyle.LEGACY || communities == null) {
      w.ch('|');
    }
    communities(w, communities);
    if (style != FieldStyle.LEGACY || communities != null) {
      w.ch('|');
    }
    w.ascii(attrs.find(AtomicAggregate.class) != null ? "AG|" : "NAG|");
    aggregator(w, attrs);
    w.ch('|').ch('\n');
  }

  /**
   * bgpdump's AS path text: sequences space-separated, {a,b} for AS_SET, (a b) and [a,b] for
   * confederation segments.
   */
  private static void asPath(AsciiWriter w, List<AsPathSegment> segments) {
    SegmentType previous = SegmentType.AS_SEQUENCE;
    boolean space = false;
    for (AsPathSegment s : segments) {
      SegmentType type = s.type();
      if (previous != SegmentType.AS_SEQUENCE) {
        w.ch(closing(previous));
      }
      if (space) {
        w.ch(' ');
      }
      if (type != SegmentType.AS_SEQUENCE) {
        w.ch(opening(type));
      }
      space = false;
      for (int i = 0; i < s.size(); i++) {
        if (space) {
          w.ch(type.isSet() ? ',' : ' ');
        } else {
          space = true;
        }
        w.dec(s.asn(i));
      }
      previous = type;
    }
    if (previous != SegmentType.AS_SEQUENCE) {
      w.ch(closing(previous));
    }
  }

  private static char opening(SegmentType t) {
    return switch (t) {
      case AS_SET -> '{';
      case AS_SEQUENCE -> ' ';
      case AS_CONFED_SET -> '[';
      case AS_CONFED_SEQUENCE -> '(';
    };
  }

  private static char closing(SegmentType t) {
    return switch (t) {
      case AS_SET -> '}';
      case AS_SEQUENCE -> ' ';
      case AS_CONFED_SET -> ']';
      case AS_CONFED_SEQUENCE -> ')';
    };
  }

  /** RFC 1997 communities as {@code a:b}, the three well-known ones by bgpdump's names. */
  private static void communities(AsciiWriter w, Communities c) {
    if (c == null) {
      return;
    }
    List<Integer> values = c.values();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        w.ch(' ');
      }
      int v = values.get(i);
      switch (v) {
        case 0xffffff01 -> w.ascii("no-export");
        case 0xffffff02 -> w.ascii("no-advertise");
        case 0xffffff03 -> w.ascii("local-AS");
        default -> w.dec(v >>> 16).ch(':').dec(v & 0xffff);
      }
    }
  }

  /**
   * AGGREGATOR as {@code asn address}; in a 2-octet context an AS4_AGGREGATOR replaces an
   * AGGREGATOR of AS_TRANS (RFC 6793 §4.2.3). bgpdump treats address 255.255.255.255 as absent.
   */
  private static void aggregator(AsciiWriter w, PathAttributes attrs) {
    Aggregator a = attrs.find(Aggregator.class);
    if (a == null) {
      return;
    }
    long asn = a.asn();
    IpAddress address = a.address();
    As4Aggregator a4 = attrs.find(As4Aggregator.class);
    if (a4 != null && !a.fourOctet() && asn == AS_TRANS) {
      asn = a4.asn();
      address = a4.address();
    }
    if (address.ipv4Address() == -1) {
      return;
    }
    w.dec(asn).ch(' ').ipv4(address.ipv4Address());
  }

  private static IpAddress nextHop(PathAttributes attrs) {
    NextHop nh = attrs.find(NextHop.class);
    return nh == null ? IpAddress.ipv4(-1) : nh.address();
  }

  /**
   * The first {@code width} octets of the MP_REACH_NLRI next hop field, zero-filled, as bgpdump
   * reads them: an IPv4 next hop of a RIB entry shows as IPv6 {@code a0b:c0d::}.
   */
  private static IpAddress mpNextHop(MpReachNlri mp, int width) {
    byte[] field =
        mp.nextHops().isEmpty() ? mp.rawNextHop().toByteArray() : mp.nextHops().get(0).bytes();
    return IpAddress.of(java.util.Arrays.copyOf(field, width));
  }

  private AsciiWriter address(IpAddress a) {
    return a.ipv6() ? out.ipv6(a.hi(), a.lo()) : out.ipv4(a.ipv4Address());
  }

  private AsciiWriter prefix(Prefix p) {
    if (p.ipv6()) {
      out.ipv6(p.hi(), p.lo());
    } else {
      out.ipv4(p.ipv4Address());
    }
    return out.ch('/').dec(p.length());
  }

  // ---- decoding through the wire codecs ----

  private static Update update(OpaqueBytes bytes, int offset, int length, DecodeContext ctx) {
    ByteBuf body = Unpooled.wrappedBuffer(bytes.asReadOnlyBuffer()).slice(offset, length);
    try {
      return BgpMessageCodec.decodeUpdate(body, ctx).update();
    } catch (BgpNotificationException e) {
      return null; // a session-level error: bgpdump prints no routes for such a message either
    } finally {
      body.release();
    }
  }

  private static PathAttributes attributes(
      OpaqueBytes bytes, DecodeContext ctx, boolean abbreviatedMpReach) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes.asReadOnlyBuffer());
    try {
      return PathAttributesCodec.decode(buf, ctx, abbreviatedMpReach).attributes();
    } catch (BgpNotificationException e) {
      return null;
    } finally {
      buf.release();
    }
  }
}
