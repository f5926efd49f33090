package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * IPv4/IPv6 prefixes as NLRI: RFC 4271 §4.3 (Length, Prefix), RFC 4760 §5, with the RFC 7911 §3
 * Path Identifier in front of each when ADD-PATH applies.
 *
 * <pre>
 * +--------------------------------+
 * | Path Identifier (4 octets)     |   only with ADD-PATH
 * +--------------------------------+
 * | Length (1 octet, in bits)      |
 * +--------------------------------+
 * | Prefix (ceil(Length/8) octets) |
 * +--------------------------------+
 * </pre>
 */
public final class NlriCodec {
  private NlriCodec() {}

  /**
   * Decodes NLRI until {@code in} is empty, appending to {@code out}. Host bits set beyond the
   * length are cleared and reported as a {@link ErrorAction#NONE} issue.
   *
   * @return null on success, else what was malformed (the caller picks the RFC 7606 approach)
   */
  public static String decode(
      ByteBuf in, Afi afi, boolean addPath, List<Nlri> out, List<DecodeIssue> issues) {
    boolean v6 = afi.equals(Afi.IPV6);
    int max = v6 ? 128 : 32;
    while (in.isReadable()) {
      int start = in.readerIndex();
      long pathId = Nlri.NO_PATH_ID;
      if (addPath) {
        if (in.readableBytes() < 5) {
          return "truncated NLRI with Path Identifier: " + in.readableBytes()
              + " octets left (expected: at least 5)";
        }
        pathId = in.readUnsignedInt();
      }
      int len = in.readUnsignedByte();
      if (len > max) {
        return "invalid " + afi + " prefix length: " + len + " (expected: 0.." + max + ")";
      }
      int n = (len + 7) >>> 3;
      if (in.readableBytes() < n) {
        return "truncated " + afi + " prefix of length " + len + ": " + in.readableBytes()
            + " octets left (expected: " + n + ")";
      }
      long hi = 0;
      long lo = 0;
      for (int i = 0; i < n; i++) {
        long b = in.readUnsignedByte();
        if (i < 8) {
          hi |= b << (56 - 8 * i);
        } else {
          lo |= b << (56 - 8 * (i - 8));
        }
      }
      Prefix p = v6 ? Prefix.ipv6(hi, lo, len) : Prefix.ipv4((int) (hi >>> 32), len);
      if (p.hi() != hi || p.lo() != lo) {
        issues.add(
            new DecodeIssue(
                NotificationError.INVALID_NETWORK_FIELD,
                "host bits set beyond prefix length " + len + " (masked to " + p + ")",
                copy(in, start, in.readerIndex() - start),
                ErrorAction.NONE));
      }
      out.add(new Nlri(p, pathId));
    }
    return null;
  }

  /** Encodes {@code nlri}; with {@code addPath}, an NLRI without a Path Identifier gets 0. */
  public static void encode(List<Nlri> nlri, boolean addPath, ByteBuf out) {
    for (Nlri n : nlri) {
      if (addPath) {
        out.writeInt(n.hasPathId() ? (int) n.pathId() : 0);
      }
      Prefix p = n.prefix();
      int len = p.length();
      out.writeByte(len);
      int bytes = (len + 7) >>> 3;
      for (int i = 0; i < bytes; i++) {
        out.writeByte((int) (i < 8 ? p.hi() >>> (56 - 8 * i) : p.lo() >>> (56 - 8 * (i - 8))));
      }
    }
  }

  /** A copy of {@code length} bytes at {@code index}, for issue data. */
  public static OpaqueBytes copy(ByteBuf in, int index, int length) {
    byte[] b = new byte[length];
    in.getBytes(index, b);
    return OpaqueBytes.wrap(b);
  }
}
