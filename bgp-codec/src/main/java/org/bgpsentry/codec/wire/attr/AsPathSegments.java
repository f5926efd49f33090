package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.SegmentType;

/**
 * The path segments shared by AS_PATH and AS4_PATH: RFC 4271 §4.3 (b), RFC 5065 §3, RFC 6793 §3.
 *
 * <pre>
 * +-----------------------------+
 * | Path Segment Type (1 octet) |   1 AS_SET, 2 AS_SEQUENCE, 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET
 * +-----------------------------+
 * | Path Segment Length (1)     |   number of ASes
 * +-----------------------------+
 * | Path Segment Value          |   2 or 4 octets per AS
 * +-----------------------------+
 * </pre>
 */
final class AsPathSegments {
  private AsPathSegments() {}

  /**
   * Decodes segments until {@code in} is empty into {@code out}.
   *
   * @return null on success, else what was malformed (RFC 7606 §7.2)
   */
  static String decode(ByteBuf in, int asSize, List<AsPathSegment> out) {
    while (in.isReadable()) {
      if (in.readableBytes() < 2) {
        return "AS path segment underrun: 1 octet left (expected: type and length)";
      }
      int typeCode = in.readUnsignedByte();
      int count = in.readUnsignedByte();
      SegmentType type = SegmentType.fromCode(typeCode);
      if (type == null) {
        return "unknown AS path segment type " + typeCode + " (expected: 1..4)";
      }
      if (count == 0) {
        return "AS path segment of length 0 (expected: at least 1 AS)";
      }
      if (in.readableBytes() < count * asSize) {
        return "AS path segment overrun: " + count + " ASes of " + asSize + " octets need "
            + count * asSize + ", " + in.readableBytes() + " left";
      }
      int[] asns = new int[count];
      for (int i = 0; i < count; i++) {
        asns[i] = asSize == 4 ? in.readInt() : in.readUnsignedShort();
      }
      out.add(new AsPathSegment(type, asns));
    }
    return null;
  }

  /** Encodes {@code segments}; 2-octet encoding writes AS_TRANS for ASes above 65535. */
  static void encode(List<AsPathSegment> segments, int asSize, ByteBuf out) {
    for (AsPathSegment s : segments) {
      for (int from = 0; from < s.size(); from += 255) {
        int n = Math.min(255, s.size() - from);
        out.writeByte(s.type().code()).writeByte(n);
        for (int i = from; i < from + n; i++) {
          long asn = s.asn(i);
          if (asSize == 4) {
            out.writeInt((int) asn);
          } else {
            out.writeShort(asn > 0xffff ? AS_TRANS : (int) asn);
          }
        }
      }
    }
  }

  /** RFC 6793 §2. */
  static final int AS_TRANS = 23456;

  /** RFC 6793 §4.2.3 path length: AS_SET counts 1, confederation segments count 0. */
  static int countForMerge(List<AsPathSegment> segments) {
    int n = 0;
    for (AsPathSegment s : segments) {
      n += s.type() == SegmentType.AS_SEQUENCE ? s.size() : s.type() == SegmentType.AS_SET ? 1 : 0;
    }
    return n;
  }

  /**
   * RFC 6793 §4.2.3: the leading {@code count(AS_PATH) - count(AS4_PATH)} ASes of AS_PATH,
   * followed by AS4_PATH; AS4_PATH is ignored when it is the longer one.
   */
  static List<AsPathSegment> merge(List<AsPathSegment> asPath, List<AsPathSegment> as4Path) {
    int keep = countForMerge(asPath) - countForMerge(as4Path);
    if (keep < 0) {
      return asPath;
    }
    List<AsPathSegment> out = new ArrayList<>(asPath.size() + as4Path.size());
    for (AsPathSegment s : asPath) {
      if (keep == 0) {
        break;
      }
      if (s.type() == SegmentType.AS_SEQUENCE && s.size() > keep) {
        long[] a = s.asns();
        out.add(AsPathSegment.sequence(java.util.Arrays.copyOf(a, keep)));
        keep = 0;
      } else {
        out.add(s);
        keep -= s.type() == SegmentType.AS_SEQUENCE ? s.size() : s.type() == SegmentType.AS_SET ? 1 : 0;
      }
    }
    for (AsPathSegment s : as4Path) {
      int last = out.size() - 1;
      if (last >= 0
          && s.type() == SegmentType.AS_SEQUENCE
          && out.get(last).type() == SegmentType.AS_SEQUENCE) {
        long[] a = out.get(last).asns();
        long[] b = s.asns();
        long[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        out.set(last, AsPathSegment.sequence(c));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
