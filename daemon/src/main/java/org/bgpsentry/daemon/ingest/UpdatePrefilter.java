package org.bgpsentry.daemon.ingest;

import java.nio.ByteBuffer;
import java.util.function.Predicate;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * Replay's look at an UPDATE body (RFC 4271 §4.3) before decoding it: walks the Withdrawn Routes,
 * the attribute headers and the NLRI, and the prefixes of MP_REACH_NLRI / MP_UNREACH_NLRI (RFC
 * 4760 §3, §4), without decoding any attribute value. When every prefix is IPv4/IPv6 unicast, none
 * is one the replay wants, and nothing could make the full decoder reset the session, the UPDATE
 * changes nothing replay reports, and its attributes need no decoding (RFC 7606 treatment of a
 * route nobody looks at has no outcome).
 *
 * <p>Anything out of the ordinary answers "decode it": framing that does not add up (RFC 7606 §4),
 * an invalid prefix length or a truncated prefix (RFC 7606 §5.3), a repeated MP_REACH_NLRI or
 * MP_UNREACH_NLRI (RFC 7606 §3(g)), one shorter than its AFI/SAFI, of another family, with
 * unexpected flags or an invalid next hop length (RFC 7606 §7.11, §7.12), an attribute without the
 * Optional bit that is not one of the well-known ones (RFC 4271 §6.3), and an UPDATE without any
 * prefix (End-of-RIB, RFC 4724 §2). The full decoder then gives the same outcome as before.
 */
final class UpdatePrefilter {
  private static final int OPTIONAL = 0x80;
  private static final int EXTENDED_LENGTH = 0x10;
  private static final int MP_REACH = 14;
  private static final int MP_UNREACH = 15;

  private UpdatePrefilter() {}

  /**
   * The number of routes (announced and withdrawn) in the UPDATE body {@code body[offset,
   * offset+length)}, when it holds at least one, all of IPv4/IPv6 unicast, none {@code wanted},
   * and is well-formed as far as this look goes; else -1 (decode it).
   */
  static int unwantedRoutes(
      ByteBuffer body, int offset, int length, DecodeContext ctx, Predicate<Prefix> wanted) {
    int end = offset + length;
    if (length < 4) {
      return -1;
    }
    int p = offset;
    int withdrawnEnd = p + 2 + u16(body, p);
    if (withdrawnEnd + 2 > end) {
      return -1;
    }
    boolean addPath = ctx.addPath(Family.IPV4_UNICAST);
    int routes = prefixes(body, p + 2, withdrawnEnd, false, addPath, wanted);
    if (routes < 0) {
      return -1;
    }
    p = withdrawnEnd + 2;
    int attrEnd = p + u16(body, withdrawnEnd);
    if (attrEnd > end) {
      return -1;
    }
    boolean reach = false;
    boolean unreach = false;
    while (p < attrEnd) {
      if (attrEnd - p < 3) {
        return -1;
      }
      int flags = body.get(p) & 0xff;
      int type = body.get(p + 1) & 0xff;
      int head = (flags & EXTENDED_LENGTH) != 0 ? 4 : 3;
      if (attrEnd - p < head) {
        return -1;
      }
      int value = p + head;
      int valueEnd = value + (head == 4 ? u16(body, p + 2) : body.get(p + 2) & 0xff);
      if (valueEnd > attrEnd) {
        return -1;
      }
      if ((flags & OPTIONAL) == 0 && !wellKnown(type)) {
        return -1;
      }
      if (type == MP_REACH || type == MP_UNREACH) {
        if ((type == MP_REACH ? reach : unreach) || (flags & 0xc0) != OPTIONAL) {
          return -1;
        }
        if (type == MP_REACH) {
          reach = true;
        } else {
          unreach = true;
        }
        int n = mpPrefixes(body, value, valueEnd, type == MP_REACH, ctx, wanted);
        if (n < 0) {
          return -1;
        }
        routes += n;
      }
      p = valueEnd;
    }
    int n = prefixes(body, attrEnd, end, false, addPath, wanted);
    if (n < 0) {
      return -1;
    }
    routes += n;
    return routes == 0 ? -1 : routes;
  }

  /** ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF, ATOMIC_AGGREGATE (RFC 4271 §5). */
  private static boolean wellKnown(int type) {
    return type == 1 || type == 2 || type == 3 || type == 5 || type == 6;
  }

  private static int mpPrefixes(
      ByteBuffer body, int p, int end, boolean reach, DecodeContext ctx, Predicate<Prefix> wanted) {
    if (end - p < 3) {
      return -1;
    }
    int afi = u16(body, p);
    int safi = body.get(p + 2) & 0xff;
    if (safi != 1 || (afi != 1 && afi != 2)) {
      return -1;
    }
    boolean v6 = afi == 2;
    p += 3;
    if (reach) {
      if (p >= end) {
        return -1;
      }
      int nextHop = body.get(p) & 0xff;
      if (!(nextHop == 16 || nextHop == 32 || (!v6 && nextHop == 4))) {
        return -1;
      }
      p += 1 + nextHop + 1; // next hop length, next hop, Reserved
      if (p > end) {
        return -1;
      }
    }
    return prefixes(
        body, p, end, v6, ctx.addPath(v6 ? Family.IPV6_UNICAST : Family.IPV4_UNICAST), wanted);
  }

  /** Prefixes in {@code [p, end)} (RFC 4271 §4.3, RFC 7911 §3 with a Path Identifier), or -1. */
  private static int prefixes(
      ByteBuffer body, int p, int end, boolean v6, boolean addPath, Predicate<Prefix> wanted) {
    int max = v6 ? 128 : 32;
    int count = 0;
    while (p < end) {
      if (addPath) {
        p += 4;
        if (p >= end) {
          return -1;
        }
      }
      int len = body.get(p++) & 0xff;
      int n = (len + 7) >>> 3;
      if (len > max || end - p < n) {
        return -1;
      }
      long hi = 0;
      long lo = 0;
      for (int i = 0; i < n; i++) {
        long b = body.get(p + i) & 0xff;
        if (i < 8) {
          hi |= b << (56 - 8 * i);
        } else {
          lo |= b << (56 - 8 * (i - 8));
        }
      }
      p += n;
      if (wanted.test(v6 ? Prefix.ipv6(hi, lo, len) : Prefix.ipv4((int) (hi >>> 32), len))) {
        return -1;
      }
      count++;
    }
    return count;
  }

  private static int u16(ByteBuffer b, int at) {
    return ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
  }
}
