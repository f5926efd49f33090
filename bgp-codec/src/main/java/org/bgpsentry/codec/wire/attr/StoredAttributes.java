package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * A route's attribute set in the compact form an Adj-RIB-In keeps (STYLE.md §4): the wire bytes
 * of the Path Attributes (RFC 4271 §4.3) behind one octet of decode context, so two routes carry
 * the same set exactly when their arrays are equal, and the set is decoded only when someone reads
 * it.
 *
 * <pre>
 * +--------------------------------+
 * | context (1 octet): bit 0 = the AS_PATH/AGGREGATOR are 4-octet (RFC 6793 §4) |
 * +--------------------------------+
 * | path attributes, wire form     |
 * +--------------------------------+
 * </pre>
 *
 * The per-route form leaves out MP_UNREACH_NLRI (RFC 4760 §4) and cuts MP_REACH_NLRI (RFC 4760
 * §3) to its family and next hop with no NLRI, or leaves it out for routes of the UPDATE's own
 * NLRI field: what {@link #decode} gives back is the set a route of that family was announced
 * with.
 */
public final class StoredAttributes {
  private static final int MP_REACH = 14;
  private static final int MP_UNREACH = 15;
  private static final int FOUR_OCTET_AS = 1;

  private StoredAttributes() {}

  /**
   * The per-route form of the Path Attributes field {@code attrs[index, index + length)} of an
   * UPDATE that decoded without issues.
   *
   * @param mpFamily the family of the MP_REACH_NLRI routes this set is for, or null for the routes
   *     of the NLRI field (MP_REACH_NLRI left out)
   */
  public static byte[] fromWire(
      ByteBuf attrs, int index, int length, boolean fourOctetAs, Family mpFamily) {
    byte[] out = new byte[1 + length];
    out[0] = (byte) (fourOctetAs ? FOUR_OCTET_AS : 0);
    int n = 1;
    int end = index + length;
    for (int at = index; at < end; ) {
      int flags = attrs.getUnsignedByte(at);
      int type = attrs.getUnsignedByte(at + 1);
      boolean ext = (flags & AttributeCodec.EXTENDED_LENGTH) != 0;
      int headLen = ext ? 4 : 3;
      int len = ext ? attrs.getUnsignedShort(at + 2) : attrs.getUnsignedByte(at + 2);
      if (type == MP_REACH) {
        if (mpFamily != null) {
          n = cutMpReach(attrs, at, headLen, out, n);
        }
      } else if (type != MP_UNREACH) {
        attrs.getBytes(at, out, n, headLen + len);
        n += headLen + len;
      }
      at += headLen + len;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** MP_REACH_NLRI up to its Reserved octet (AFI, SAFI, next hop), with the length fixed. */
  private static int cutMpReach(ByteBuf attrs, int at, int headLen, byte[] out, int n) {
    int value = at + headLen;
    int nhLen = attrs.getUnsignedByte(value + 3);
    int cut = 3 + 1 + nhLen + 1;
    attrs.getBytes(at, out, n, 2); // flags, type
    if (headLen == 4) {
      out[n + 2] = (byte) (cut >>> 8);
      out[n + 3] = (byte) cut;
    } else {
      out[n + 2] = (byte) cut;
    }
    attrs.getBytes(value, out, n + headLen, cut - 1);
    out[n + headLen + cut - 1] = 0; // Reserved
    return n + headLen + cut;
  }

  /**
   * The stored form of a decoded per-route set (MP_REACH_NLRI, if any, already without NLRI). A
   * set that came from a 2-octet AS speaker (RFC 6793 §4.2.3) is stored 2-octet, as it came, so
   * that {@link #decode} gives it back (AS4_PATH merged again, the 6-octet AGGREGATOR); every
   * other set 4-octet.
   */
  public static byte[] encode(PathAttributes attributes) {
    boolean fourOctetAs = !fromTwoOctetSpeaker(attributes);
    ByteBuf buf = Unpooled.buffer(64);
    buf.writeByte(fourOctetAs ? FOUR_OCTET_AS : 0);
    PathAttributesCodec.encode(attributes, DecodeContext.of(fourOctetAs), buf);
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    return out;
  }

  /**
   * True when the AS path was merged from AS4_PATH, or the AGGREGATOR is the 2-octet one and the
   * AS_PATH fits 2-octet ASes.
   */
  private static boolean fromTwoOctetSpeaker(PathAttributes attributes) {
    PathAttribute.AsPath raw = attributes.find(PathAttribute.AsPath.class);
    if (raw != null && attributes.asPath() != raw) {
      return true;
    }
    PathAttribute.Aggregator aggregator = attributes.find(PathAttribute.Aggregator.class);
    if (aggregator == null || aggregator.fourOctet()) {
      return false;
    }
    if (raw != null) {
      for (AsPathSegment segment : raw.segments()) {
        for (int i = 0; i < segment.size(); i++) {
          if (segment.asn(i) > 0xffff) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** The attribute set {@code stored} holds. */
  public static PathAttributes decode(byte[] stored) {
    ByteBuf buf = Unpooled.wrappedBuffer(stored, 1, stored.length - 1);
    DecodeContext ctx = DecodeContext.of((stored[0] & FOUR_OCTET_AS) != 0);
    return PathAttributesCodec.decode(buf, ctx, false).attributes();
  }
}
