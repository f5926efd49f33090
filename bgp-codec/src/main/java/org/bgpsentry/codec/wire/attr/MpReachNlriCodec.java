package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.attr.PathAttribute.MpReachNlri;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Safi;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.NlriCodec;

/**
 * Type 14 MP_REACH_NLRI: RFC 4760 §3, next hops per RFC 2545 §3 (IPv6 global and link-local) and
 * RFC 8950 §3 (IPv6 next hop for IPv4 NLRI), Path Identifiers per RFC 7911 §3.
 *
 * <pre>
 * +---------------------------------------------------------+
 * | Address Family Identifier (2 octets)                    |
 * +---------------------------------------------------------+
 * | Subsequent Address Family Identifier (1 octet)          |
 * +---------------------------------------------------------+
 * | Length of Next Hop Network Address (1 octet)            |
 * +---------------------------------------------------------+
 * | Network Address of Next Hop (variable)                  |
 * +---------------------------------------------------------+
 * | Reserved (1 octet)                                      |
 * +---------------------------------------------------------+
 * | Network Layer Reachability Information (variable)       |
 * +---------------------------------------------------------+
 * </pre>
 *
 * In MRT TABLE_DUMP_V2 RIB entries (RFC 6396 §4.3.4) only the next hop length and next hop are
 * present; the family is then taken from the next hop length (4: IPv4, else IPv6) and the RIB
 * entry carries the prefix. NLRI of families other than IPv4/IPv6 unicast/multicast are kept as
 * {@code opaqueNlri}. RFC 7606 §7.11: when the family cannot be determined, session reset;
 * otherwise an inconsistent next hop length or unparsable NLRI is AFI/SAFI disable.
 */
final class MpReachNlriCodec extends AttributeCodec<MpReachNlri> {
  MpReachNlriCodec() {
    super(14, MpReachNlri.class, OPTIONAL, ErrorAction.AFI_SAFI_DISABLE);
  }

  /** True for the four families whose NLRI are plain prefixes. */
  static boolean isPrefixFamily(Family f) {
    return (f.afi().equals(Afi.IPV4) || f.afi().equals(Afi.IPV6))
        && (f.safi().equals(Safi.UNICAST) || f.safi().equals(Safi.MULTICAST));
  }

  @Override
  MpReachNlri decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (in.mrtAbbreviatedMpReach
        && len >= 1
        && value.getUnsignedByte(value.readerIndex()) == len - 1) {
      return abbreviated(value, in);
    }
    if (len < 3) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          ErrorAction.SESSION_RESET,
          "MP_REACH_NLRI of " + len + " octets has no AFI/SAFI (expected: at least 5)");
    }
    Family family = Family.of(value.readUnsignedShort(), value.readUnsignedByte());
    if (!value.isReadable()) {
      return in.disable(
          family, NotificationError.OPTIONAL_ATTRIBUTE_ERROR, "MP_REACH_NLRI has no next hop length");
    }
    int nhLen = value.readUnsignedByte();
    if (value.readableBytes() < nhLen + 1) {
      return in.disable(
          family,
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          "MP_REACH_NLRI next hop length " + nhLen + " overruns the attribute ("
              + value.readableBytes() + " octets left, expected: next hop and reserved octet)");
    }
    boolean prefixes = isPrefixFamily(family);
    if (prefixes && !validNextHopLength(family.afi(), nhLen)) {
      return in.disable(
          family,
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          "invalid " + family + " next hop length: " + nhLen + " (expected: "
              + (family.afi().equals(Afi.IPV4) ? "4, 16 or 32" : "16 or 32") + ")");
    }
    if (!prefixes) {
      OpaqueBytes rawNextHop = NlriCodec.copy(value, value.readerIndex(), nhLen);
      value.skipBytes(nhLen + 1); // next hop, Reserved
      OpaqueBytes nlri = NlriCodec.copy(value, value.readerIndex(), value.readableBytes());
      value.skipBytes(value.readableBytes());
      return new MpReachNlri(family, List.of(), rawNextHop, List.of(), nlri);
    }
    List<IpAddress> nextHops = nextHops(value, nhLen);
    value.skipBytes(1); // Reserved (RFC 4760 §3: formerly Number of SNPAs, must be 0)
    List<Nlri> nlri = new ArrayList<>();
    String error =
        NlriCodec.decode(value, family.afi(), in.ctx.addPath(family), nlri, in.issues);
    if (error != null) {
      return in.disable(family, NotificationError.OPTIONAL_ATTRIBUTE_ERROR, "MP_REACH_NLRI: " + error);
    }
    return new MpReachNlri(family, nextHops, OpaqueBytes.EMPTY, nlri, OpaqueBytes.EMPTY);
  }

  private static MpReachNlri abbreviated(ByteBuf value, AttributeInput in) {
    int nhLen = value.readUnsignedByte();
    Family family = nhLen == 4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST;
    if (nhLen == 4 || nhLen == 16 || nhLen == 32) {
      return new MpReachNlri(family, nextHops(value, nhLen), OpaqueBytes.EMPTY, List.of(), OpaqueBytes.EMPTY);
    }
    OpaqueBytes raw = NlriCodec.copy(value, value.readerIndex(), nhLen);
    value.skipBytes(nhLen);
    return new MpReachNlri(family, List.of(), raw, List.of(), OpaqueBytes.EMPTY);
  }

  private static boolean validNextHopLength(Afi afi, int nhLen) {
    return nhLen == 16 || nhLen == 32 || (afi.equals(Afi.IPV4) && nhLen == 4);
  }

  /** Reads a 4-, 16- or 32-octet next hop field: one or two addresses (RFC 2545 §3). */
  private static List<IpAddress> nextHops(ByteBuf value, int nhLen) {
    if (nhLen == 4) {
      return List.of(IpAddress.ipv4(value.readInt()));
    }
    IpAddress global = new IpAddress(true, value.readLong(), value.readLong());
    if (nhLen == 16) {
      return List.of(global);
    }
    return List.of(global, new IpAddress(true, value.readLong(), value.readLong()));
  }

  @Override
  void encode(MpReachNlri a, DecodeContext ctx, ByteBuf out) {
    out.writeShort(a.family().afi().code()).writeByte(a.family().safi().code());
    writeNextHop(a, out);
    out.writeByte(0);
    if (a.opaqueNlri().length() > 0) {
      out.writeBytes(a.opaqueNlri().toByteArray());
    } else {
      NlriCodec.encode(a.nlri(), ctx.addPath(a.family()), out);
    }
  }

  /** Next hop length and next hop: the whole value in the RFC 6396 §4.3.4 MRT form. */
  static void writeNextHop(MpReachNlri a, ByteBuf out) {
    if (a.nextHops().isEmpty()) {
      out.writeByte(a.rawNextHop().length()).writeBytes(a.rawNextHop().toByteArray());
      return;
    }
    int lenAt = out.writerIndex();
    out.writeByte(0);
    for (IpAddress nh : a.nextHops()) {
      if (nh.ipv6()) {
        out.writeLong(nh.hi()).writeLong(nh.lo());
      } else {
        out.writeInt(nh.ipv4Address());
      }
    }
    out.setByte(lenAt, out.writerIndex() - lenAt - 1);
  }
}
