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
 * A route's attribute set in the compact form an Adj-RIB-In keeps (docs/contributing.md §4): the wire bytes
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
    attrs.getBytes(index, out, 1, length);
    // Compacted in place: the write position n never passes the read position at.
    int n = 1;
    for (int at = 1; at < out.length; ) {
      int type = out[at + 1] & 0xff;
      int headLen = AttributeCodec.headerLength(out[at]);
      int ext = headLen - 3; // branch-free, see AttributeCodec.headerLength
      int len = (out[at + 2] & 0xff) << (8 * ext) | (out[at + 2 + ext] & 0xff & -ext);
      if (type == MP_REACH) {
        if (mpFamily != null) {
          n = cutMpReach(out, at, headLen, n);
        }
      } else if (type != MP_UNREACH) {
        System.arraycopy(out, at, out, n, headLen + len);
        n += headLen + len;
      }
      at += headLen + len;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /**
   * {@link #fromWire} for the Path Attributes field {@code attrs[fieldStart, fieldEnd)} whose
   * {@code n} attributes {@link PathAttributesCodec}'s phase 1 found at {@code starts} (value
   * lengths {@code lengths}), contiguous and in wire order (an UPDATE without issues): one bulk
   * copy, then the MP attributes taken out by those positions, no header walked again.
   *
   * @param mpReach for the MP_REACH_NLRI routes (MP_REACH_NLRI cut after its next hop), else for
   *     the routes of the NLRI field (MP_REACH_NLRI left out)
   */
  static byte[] cut(
      ByteBuf attrs,
      int fieldStart,
      int fieldEnd,
      int[] starts,
      int[] lengths,
      int n,
      boolean fourOctetAs,
      boolean mpReach) {
    byte[] out = new byte[1 + fieldEnd - fieldStart];
    out[0] = (byte) (fourOctetAs ? FOUR_OCTET_AS : 0);
    attrs.getBytes(fieldStart, out, 1, fieldEnd - fieldStart);
    // Compacted in place: the write position w never passes the read position at.
    int w = 1;
    for (int i = 0; i < n; i++) {
      int at = 1 + starts[i] - fieldStart;
      int headLen = AttributeCodec.headerLength(out[at]);
      int type = out[at + 1] & 0xff;
      if (type == MP_REACH) {
        if (mpReach) {
          w = cutMpReach(out, at, headLen, w);
        }
      } else if (type != MP_UNREACH) {
        int size = headLen + lengths[i];
        if (w != at) {
          System.arraycopy(out, at, out, w, size);
        }
        w += size;
      }
    }
    return w == out.length ? out : Arrays.copyOf(out, w);
  }

  /**
   * Moves the MP_REACH_NLRI at {@code at} to {@code n}, cut after its next hop (AFI, SAFI, next
   * hop length, next hop, Reserved = 0), with its length fixed.
   */
  private static int cutMpReach(byte[] out, int at, int headLen, int n) {
    int nhLen = out[at + headLen + 3] & 0xff;
    int cut = 3 + 1 + nhLen + 1;
    System.arraycopy(out, at, out, n, headLen + cut - 1);
    if (headLen == 4) {
      out[n + 2] = (byte) (cut >>> 8);
      out[n + 3] = (byte) cut;
    } else {
      out[n + 2] = (byte) cut;
    }
    out[n + headLen + cut - 1] = 0;
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
