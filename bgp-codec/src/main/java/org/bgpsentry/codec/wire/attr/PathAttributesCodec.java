package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttribute.Aggregator;
import org.bgpsentry.codec.model.attr.PathAttribute.As4Aggregator;
import org.bgpsentry.codec.model.attr.PathAttribute.As4Path;
import org.bgpsentry.codec.model.attr.PathAttribute.AsPath;
import org.bgpsentry.codec.model.attr.PathAttribute.MpReachNlri;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.AttributeType;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.NlriCodec;

/**
 * The Path Attributes field of an UPDATE (RFC 4271 §4.3) or an MRT RIB entry (RFC 6396 §4.3.4).
 *
 * <pre>
 *  0                   1
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Attr. Flags  |Attr. Type Code|   flags: Optional, Transitive, Partial, Extended Length
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Attr. Length (1 octet, 2 with Extended Length) | Attribute Value ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Decoding runs in two phases (docs/contributing.md R4): phase 1 reads the headers only, checks lengths and
 * duplicates (RFC 7606 §3(g)) and keeps each value where it is; phase 2 decodes the values in
 * ascending type code through {@link AttributeCodecs}, then merges AS4_PATH into the effective AS
 * path (RFC 6793 §4.2.3). Errors never throw: each is a {@link DecodeIssue} (docs/contributing.md R5). For
 * MRT records ({@link DecodeContext#mrt}) the Optional/Transitive flags are not checked (RFC 7606
 * §3(c), RFC 4271 §6.3): a record is what a router held, and values are decoded as bgpdump does.
 */
public final class PathAttributesCodec {
  private static final int MP_REACH = 14;
  private static final int MP_UNREACH = 15;

  private PathAttributesCodec() {}

  /**
   * Decodes every attribute in {@code attrs} (consumed to the end).
   *
   * @param mrtAbbreviatedMpReach MP_REACH_NLRI may be in the RFC 6396 §4.3.4 TABLE_DUMP_V2 form
   *     (next hop length and next hop only); a value that does not have that form is decoded as
   *     RFC 4760 §3
   */
  public static AttributesResult decode(ByteBuf attrs, DecodeContext ctx, boolean mrtAbbreviatedMpReach) {
    return decode(attrs, ctx, mrtAbbreviatedMpReach, false, false, null, false);
  }

  /**
   * Decodes the Path Attributes of an UPDATE whose Withdrawn Routes and NLRI fields carry no route
   * {@code wanted} accepts, for a reader that looks at those routes only (MRT replay): as {@link
   * #decode}, except that MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4) are decoded first
   * and, when phase 1 and they find no issue, both are IPv4/IPv6 unicast, neither carries a prefix
   * {@code wanted} accepts, the UPDATE carries a route ({@code routesOutside}, or theirs: an
   * End-of-RIB is decoded whole, RFC 4724 §2) and every attribute without the Optional bit is a
   * well-known one (RFC 4271 §5, else §6.3 applies), the other values are not decoded: the result
   * is {@link AttributesResult#unwanted}, with the number of their routes. RFC 7606 treatment of
   * routes nobody looks at has no outcome, so the UPDATE is still read in one walk.
   */
  public static AttributesResult decodeUnlessUnwanted(
      ByteBuf attrs, DecodeContext ctx, Predicate<Prefix> wanted, boolean routesOutside) {
    return decode(attrs, ctx, false, false, false, wanted, routesOutside);
  }

  /**
   * Decodes the Path Attributes of an UPDATE for an Adj-RIB-In: as {@link #decode}, and, when
   * they decode without issues, the per-route {@link StoredAttributes} sets cut from the wire in
   * the same walk (phase 1's attribute positions; no header is read twice): {@link
   * AttributesResult#nlriSet()} when {@code nlriField} (the UPDATE's NLRI field holds routes),
   * {@link AttributesResult#mpSet()} when MP_REACH_NLRI carries routes.
   */
  public static AttributesResult decodeForRib(ByteBuf attrs, DecodeContext ctx, boolean nlriField) {
    return decode(attrs, ctx, false, true, nlriField, null, false);
  }

  private static AttributesResult decode(
      ByteBuf attrs,
      DecodeContext ctx,
      boolean mrtAbbreviatedMpReach,
      boolean forRib,
      boolean nlriField,
      Predicate<Prefix> wanted,
      boolean routesOutside) {
    AttributeInput in = new AttributeInput(ctx, mrtAbbreviatedMpReach);
    int fieldStart = attrs.readerIndex();
    int fieldEnd = attrs.writerIndex();
    // Phase 1: headers only.
    long[] seen = new long[4];
    int[] starts = new int[16];
    int[] lengths = new int[16]; // value length; the header is 3 octets, 4 with Extended Length
    int n = 0;
    while (attrs.isReadable()) {
      int start = attrs.readerIndex();
      int avail = attrs.readableBytes();
      int flags = attrs.getUnsignedByte(start);
      int headLen = AttributeCodec.headerLength(flags);
      if (avail < headLen) {
        overrun(in, attrs, "truncated attribute header: " + avail + " octets (expected: " + headLen + ")");
        break;
      }
      int type = attrs.getUnsignedByte(start + 1);
      int len = AttributeCodec.valueLength(attrs, start, headLen);
      if (avail < headLen + len) {
        overrun(
            in,
            attrs,
            "attribute " + type + " length " + len + " overruns the attributes ("
                + (avail - headLen) + " octets left)");
        break;
      }
      attrs.skipBytes(headLen + len);
      if ((seen[type >>> 6] & (1L << type)) != 0) {
        in.current(null, attrs, start, headLen + len);
        // RFC 7606 §3(g): a repeated MP_REACH/MP_UNREACH is Malformed Attribute List; any other
        // repeated attribute is discarded after the first.
        boolean mp = type == MP_REACH || type == MP_UNREACH;
        in.issue(
            NotificationError.MALFORMED_ATTRIBUTE_LIST,
            mp ? ErrorAction.SESSION_RESET : ErrorAction.ATTRIBUTE_DISCARD,
            "attribute " + type + " appears more than once");
        continue;
      }
      seen[type >>> 6] |= 1L << type;
      if (n == starts.length) {
        starts = Arrays.copyOf(starts, n * 2);
        lengths = Arrays.copyOf(lengths, n * 2);
      }
      starts[n] = start;
      lengths[n] = len;
      n++;
    }
    // Phase 2: values in ascending type code, the set bits of seen from low to high (each type
    // has one entry in starts). Not a sort: its branches would depend on the order the peer sends,
    // which changes mid-table, and the JIT recompiles this method where a branch first goes the
    // other way.
    PathAttribute[] decoded = new PathAttribute[n];
    if (wanted != null) {
      int unwanted = sift(attrs, starts, lengths, n, seen, decoded, in, wanted, routesOutside);
      if (unwanted >= 0) {
        return AttributesResult.unwanted(unwanted);
      }
    }
    for (int word = 0; word < seen.length; word++) {
      for (long bits = seen[word]; bits != 0; bits &= bits - 1) {
        int type = word * 64 + Long.numberOfTrailingZeros(bits);
        int i = 0;
        while (attrs.getUnsignedByte(starts[i] + 1) != type) {
          i++;
        }
        decoded[i] = decodeOne(attrs, starts[i], lengths[i], in);
      }
    }
    // RFC 6793 §4.2.3 merge, for 2-octet sessions only.
    AsPath effective = ctx.fourOctetAs() ? null : merge(decoded);
    List<PathAttribute> list = new ArrayList<>(n);
    byte[] flags = new byte[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (decoded[i] != null) {
        list.add(decoded[i]);
        flags[m++] = (byte) storedFlags(attrs.getUnsignedByte(starts[i]), decoded[i], ctx);
      }
    }
    ErrorAction action = ErrorAction.NONE;
    for (DecodeIssue issue : in.issues) {
      action = action.max(issue.action());
    }
    // No shortcut to PathAttributes.EMPTY for End-of-RIB: an UPDATE without attributes comes
    // first mid-table, and its branch would make the JIT recompile this method there.
    PathAttributes pa = new PathAttributes(list, m == n ? flags : Arrays.copyOf(flags, m), effective);
    if (!forRib || !in.issues.isEmpty()) {
      return new AttributesResult(pa, action, in.issues, in.disabledFamilies());
    }
    return withStoredSets(pa, attrs, fieldStart, fieldEnd, starts, lengths, n, ctx, nlriField);
  }

  /**
   * Decodes MP_REACH_NLRI and MP_UNREACH_NLRI into {@code decoded} and takes them out of {@code
   * seen} (phase 2 leaves them); returns their routes when the UPDATE changes no route {@code
   * wanted} accepts ({@link #decodeUnlessUnwanted} says when), else -1.
   */
  private static int sift(
      ByteBuf attrs,
      int[] starts,
      int[] lengths,
      int n,
      long[] seen,
      PathAttribute[] decoded,
      AttributeInput in,
      Predicate<Prefix> wanted,
      boolean routesOutside) {
    for (int i = 0; i < n; i++) {
      int type = attrs.getUnsignedByte(starts[i] + 1);
      if (type == MP_REACH || type == MP_UNREACH) {
        decoded[i] = decodeOne(attrs, starts[i], lengths[i], in);
      }
    }
    seen[0] &= ~(1L << MP_REACH | 1L << MP_UNREACH);
    if (!in.issues.isEmpty()) {
      return -1;
    }
    int routes = 0;
    for (int i = 0; i < n; i++) {
      int flags = attrs.getUnsignedByte(starts[i]);
      if ((flags & AttributeCodec.OPTIONAL) == 0
          && !wellKnown(attrs.getUnsignedByte(starts[i] + 1))) {
        return -1;
      }
      List<Nlri> nlri =
          switch (decoded[i]) {
            case MpReachNlri r when unicast(r.family()) -> r.nlri();
            case PathAttribute.MpUnreachNlri u when unicast(u.family()) -> u.withdrawn();
            case MpReachNlri r -> null;
            case PathAttribute.MpUnreachNlri u -> null;
            case null, default -> List.of();
          };
      if (nlri == null) {
        return -1;
      }
      for (Nlri route : nlri) {
        if (wanted.test(route.prefix())) {
          return -1;
        }
      }
      routes += nlri.size();
    }
    return routes > 0 || routesOutside ? routes : -1;
  }

  private static boolean unicast(Family f) {
    return f.equals(Family.IPV4_UNICAST) || f.equals(Family.IPV6_UNICAST);
  }

  /** ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF, ATOMIC_AGGREGATE (RFC 4271 §5). */
  private static boolean wellKnown(int type) {
    return type == 1 || type == 2 || type == 3 || type == 5 || type == 6;
  }

  /**
   * A clean result with the per-route sets cut from phase 1's positions (kept out of {@link
   * #decode}'s body, the hottest method of a full table, so that its size and compilation stay
   * as they were).
   */
  private static AttributesResult withStoredSets(
      PathAttributes pa,
      ByteBuf attrs,
      int fieldStart,
      int fieldEnd,
      int[] starts,
      int[] lengths,
      int n,
      DecodeContext ctx,
      boolean nlriField) {
    byte[] nlriSet =
        nlriField
            ? StoredAttributes.cut(
                attrs, fieldStart, fieldEnd, starts, lengths, n, ctx.fourOctetAs(), false)
            : null;
    MpReachNlri reach = pa.find(MpReachNlri.class);
    byte[] mpSet =
        reach == null || reach.nlri().isEmpty()
            ? null
            : StoredAttributes.cut(
                attrs, fieldStart, fieldEnd, starts, lengths, n, ctx.fourOctetAs(), true);
    return new AttributesResult(
        pa, ErrorAction.NONE, List.of(), Set.of(), nlriSet, mpSet, -1);
  }

  /**
   * The flags kept with a decoded attribute: as received, except that an MRT record's
   * Optional/Transitive bits, which are not checked ({@link DecodeContext#mrt}), become the
   * attribute's own (RFC 4271 §5), so that the set encodes as a session would send it.
   */
  private static int storedFlags(int flags, PathAttribute decoded, DecodeContext ctx) {
    if (!ctx.mrt() || decoded instanceof PathAttribute.Unknown) {
      return flags;
    }
    return (flags & ~(AttributeCodec.OPTIONAL | AttributeCodec.TRANSITIVE))
        | AttributeCodecs.forType(decoded.type().code()).flags();
  }

  private static PathAttribute decodeOne(ByteBuf attrs, int start, int len, AttributeInput in) {
    int flags = attrs.getUnsignedByte(start);
    int headLen = AttributeCodec.headerLength(flags);
    int type = attrs.getUnsignedByte(start + 1);
    AttributeCodec<?> codec = AttributeCodecs.forType(type);
    in.current(codec, attrs, start, headLen + len);
    if (codec == null) {
      if ((flags & AttributeCodec.OPTIONAL) == 0 && !in.ctx.mrt()) {
        // RFC 4271 §6.3: an unrecognized well-known attribute.
        in.issue(
            NotificationError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
            ErrorAction.SESSION_RESET,
            "unrecognized well-known attribute type " + type + " (expected: Optional bit set)");
        return null;
      }
      return new PathAttribute.Unknown(
          new AttributeType(type), flags, NlriCodec.copy(attrs, start + headLen, len));
    }
    if ((flags & (AttributeCodec.OPTIONAL | AttributeCodec.TRANSITIVE)) != codec.flags()
        && !in.ctx.mrt()) {
      // RFC 7606 §3(c): conflicting Optional/Transitive bits are treat-as-withdraw. MP_REACH and
      // MP_UNREACH are still decoded so that their NLRI can be withdrawn.
      in.issue(
          NotificationError.ATTRIBUTE_FLAGS_ERROR,
          ErrorAction.TREAT_AS_WITHDRAW,
          String.format(
              "attribute %d flags 0x%02x (expected: Optional/Transitive 0x%02x)",
              type, flags, codec.flags()));
      if (type != MP_REACH && type != MP_UNREACH) {
        return null;
      }
    }
    // The codec sees the value as the readable window of attrs itself: no slice per attribute.
    int readerIndex = attrs.readerIndex();
    int writerIndex = attrs.writerIndex();
    attrs.setIndex(start + headLen, start + headLen + len);
    try {
      return codec.decode(attrs, in);
    } finally {
      attrs.setIndex(readerIndex, writerIndex);
    }
  }

  /** RFC 7606 §4: an attribute overrunning the Path Attributes field is treat-as-withdraw. */
  private static void overrun(AttributeInput in, ByteBuf attrs, String text) {
    in.current(null, attrs, attrs.readerIndex(), attrs.readableBytes());
    in.issue(NotificationError.ATTRIBUTE_LENGTH_ERROR, ErrorAction.TREAT_AS_WITHDRAW, text);
    attrs.skipBytes(attrs.readableBytes());
  }

  /**
   * RFC 6793 §4.2.3: AS4_PATH is ignored when AGGREGATOR carries a real AS (not AS_TRANS) while
   * AS4_AGGREGATOR is present, and when it is longer than AS_PATH; else it replaces the tail.
   *
   * @return the merged path, or null when there is nothing to merge
   */
  private static AsPath merge(PathAttribute[] decoded) {
    AsPath asPath = null;
    As4Path as4Path = null;
    Aggregator aggregator = null;
    boolean as4Aggregator = false;
    for (PathAttribute a : decoded) {
      switch (a) {
        case AsPath p -> asPath = p;
        case As4Path p -> as4Path = p;
        case Aggregator g -> aggregator = g;
        case As4Aggregator g -> as4Aggregator = true;
        case null, default -> {}
      }
    }
    if (asPath == null || as4Path == null) {
      return null;
    }
    if (aggregator != null && as4Aggregator && aggregator.asn() != AsPathSegments.AS_TRANS) {
      return null;
    }
    List<AsPathSegment> merged = AsPathSegments.merge(asPath.segments(), as4Path.segments());
    return merged == asPath.segments() ? null : new AsPath(merged);
  }

  /** Encodes {@code attributes} with their wire flags; MP_REACH_NLRI in the RFC 4760 form. */
  public static void encode(PathAttributes attributes, DecodeContext ctx, ByteBuf out) {
    encode(attributes, ctx, false, out);
  }

  /**
   * Encodes {@code attributes} with their wire flags; with {@code mrtAbbreviatedMpReach},
   * MP_REACH_NLRI in the RFC 6396 §4.3.4 form. A value longer than 255 octets gets the Extended
   * Length flag.
   */
  public static void encode(
      PathAttributes attributes, DecodeContext ctx, boolean mrtAbbreviatedMpReach, ByteBuf out) {
    List<PathAttribute> list = attributes.list();
    for (int i = 0; i < list.size(); i++) {
      PathAttribute a = list.get(i);
      int flags = attributes.flags(i);
      boolean ext = (flags & AttributeCodec.EXTENDED_LENGTH) != 0;
      int start = out.writerIndex();
      out.writeByte(flags).writeByte(a.type().code());
      if (ext) {
        out.writeShort(0);
      } else {
        out.writeByte(0);
      }
      int valueAt = out.writerIndex();
      switch (a) {
        case PathAttribute.Unknown u -> out.writeBytes(u.value().toByteArray());
        case MpReachNlri r when mrtAbbreviatedMpReach -> MpReachNlriCodec.writeNextHop(r, out);
        default -> AttributeCodecs.forType(a.type().code()).encodeAny(a, ctx, out);
      }
      int len = out.writerIndex() - valueAt;
      if (ext) {
        out.setShort(start + 2, len);
      } else if (len <= 255) {
        out.setByte(start + 2, len);
      } else {
        byte[] value = new byte[len];
        out.getBytes(valueAt, value);
        out.writerIndex(start);
        out.writeByte(flags | AttributeCodec.EXTENDED_LENGTH)
            .writeByte(a.type().code())
            .writeShort(len)
            .writeBytes(value);
      }
    }
  }
}
