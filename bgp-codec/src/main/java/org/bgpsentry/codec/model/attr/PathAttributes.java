package org.bgpsentry.codec.model.attr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.attr.PathAttribute.AsPath;
import org.bgpsentry.codec.model.attr.PathAttribute.Communities;
import org.bgpsentry.codec.model.attr.PathAttribute.LargeCommunities;
import org.bgpsentry.codec.model.attr.PathAttribute.LocalPref;
import org.bgpsentry.codec.model.attr.PathAttribute.MultiExitDisc;
import org.bgpsentry.codec.model.attr.PathAttribute.NextHop;
import org.bgpsentry.codec.model.attr.PathAttribute.Origin;
import org.bgpsentry.codec.model.attr.PathAttribute.Otc;

/**
 * The path attributes of one UPDATE or RIB entry, immutable, in wire order, with the wire flags
 * of each (for byte-exact re-encoding) and the effective AS path (AS_PATH merged with AS4_PATH,
 * RFC 6793 §4.2.3). Hash computed once, when first asked for.
 */
public final class PathAttributes {
  public static final PathAttributes EMPTY = new PathAttributes(List.of(), new byte[0], null);

  private final PathAttribute[] attributes;
  private final byte[] flags;
  private final AsPath effectiveAsPath;

  /** Computed on first use (most decoded sets are never hashed); 0 = not yet. */
  private int hash;

  /**
   * @param attributes in wire order
   * @param flags the wire flags octet of each attribute, same order
   * @param effectiveAsPath the AS path after the RFC 6793 merge; null = the AS_PATH as is
   */
  public PathAttributes(List<PathAttribute> attributes, byte[] flags, AsPath effectiveAsPath) {
    if (flags.length != attributes.size()) {
      throw new IllegalArgumentException(
          "flags: " + flags.length + " (expected: one per attribute, " + attributes.size() + ")");
    }
    this.attributes = attributes.toArray(new PathAttribute[0]);
    this.flags = flags.clone();
    AsPath raw = find(AsPath.class);
    this.effectiveAsPath = effectiveAsPath == null || effectiveAsPath.equals(raw) ? null : effectiveAsPath;
  }

  /** Attributes with the RFC's default flags for each type (for tests and the simulated peer). */
  public static PathAttributes of(PathAttribute... attributes) {
    byte[] f = new byte[attributes.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (byte) defaultFlags(attributes[i]);
    }
    return new PathAttributes(List.of(attributes), f, null);
  }

  /** Optional/transitive flags as RFC 4271 §5 and each attribute's RFC assign them. */
  public static int defaultFlags(PathAttribute a) {
    return switch (a) {
      case PathAttribute.Origin o -> 0x40;
      case PathAttribute.AsPath p -> 0x40;
      case PathAttribute.NextHop n -> 0x40;
      case PathAttribute.MultiExitDisc m -> 0x80;
      case PathAttribute.LocalPref l -> 0x40;
      case PathAttribute.AtomicAggregate x -> 0x40;
      case PathAttribute.Aggregator x -> 0xc0;
      case PathAttribute.Communities c -> 0xc0;
      case PathAttribute.OriginatorId x -> 0x80;
      case PathAttribute.ClusterList x -> 0x80;
      case PathAttribute.MpReachNlri x -> 0x80;
      case PathAttribute.MpUnreachNlri x -> 0x80;
      case PathAttribute.ExtendedCommunities x -> 0xc0;
      case PathAttribute.As4Path x -> 0xc0;
      case PathAttribute.As4Aggregator x -> 0xc0;
      case PathAttribute.Ipv6ExtendedCommunities x -> 0xc0;
      case PathAttribute.Aigp x -> 0x80;
      case PathAttribute.LargeCommunities x -> 0xc0;
      case PathAttribute.Otc x -> 0xc0;
      case PathAttribute.Unknown u -> u.flags();
    };
  }

  /** All attributes, wire order. */
  public List<PathAttribute> list() {
    return Collections.unmodifiableList(Arrays.asList(attributes));
  }

  public int size() {
    return attributes.length;
  }

  /** Wire flags octet of the attribute at {@code index}. */
  public int flags(int index) {
    return flags[index] & 0xff;
  }

  /** The first attribute of the given record class, or null. */
  public <T extends PathAttribute> T find(Class<T> kind) {
    for (PathAttribute a : attributes) {
      if (kind.isInstance(a)) {
        return kind.cast(a);
      }
    }
    return null;
  }

  /** The attribute with this type code, or null. */
  public PathAttribute get(AttributeType type) {
    for (PathAttribute a : attributes) {
      if (a.type().equals(type)) {
        return a;
      }
    }
    return null;
  }

  /** ORIGIN, or null when absent. */
  public OriginType origin() {
    Origin o = find(Origin.class);
    return o == null ? null : o.value();
  }

  /** The effective AS path (AS4_PATH merged), or an empty path when AS_PATH is absent. */
  public AsPath asPath() {
    if (effectiveAsPath != null) {
      return effectiveAsPath;
    }
    AsPath p = find(AsPath.class);
    return p == null ? new AsPath(List.of()) : p;
  }

  /** NEXT_HOP, or null. */
  public NextHop nextHop() {
    return find(NextHop.class);
  }

  /** MULTI_EXIT_DISC, or -1 when absent. */
  public long med() {
    MultiExitDisc m = find(MultiExitDisc.class);
    return m == null ? -1 : m.value();
  }

  /** LOCAL_PREF, or -1 when absent. */
  public long localPref() {
    LocalPref l = find(LocalPref.class);
    return l == null ? -1 : l.value();
  }

  /** COMMUNITIES values, or an empty list. */
  public List<Integer> communities() {
    Communities c = find(Communities.class);
    return c == null ? List.of() : c.values();
  }

  /** LARGE_COMMUNITY values, or an empty list. */
  public List<LargeCommunity> largeCommunities() {
    LargeCommunities c = find(LargeCommunities.class);
    return c == null ? List.of() : c.values();
  }

  /** OTC ASN, or -1 when absent. */
  public long otc() {
    Otc o = find(Otc.class);
    return o == null ? -1 : o.asn();
  }

  /** A copy without the MP_REACH/MP_UNREACH attributes: what a RIB entry keeps per route. */
  public PathAttributes withoutMpNlri() {
    List<PathAttribute> out = new ArrayList<>(attributes.length);
    byte[] f = new byte[attributes.length];
    int n = 0;
    for (int i = 0; i < attributes.length; i++) {
      if (attributes[i] instanceof PathAttribute.MpReachNlri
          || attributes[i] instanceof PathAttribute.MpUnreachNlri) {
        continue;
      }
      out.add(attributes[i]);
      f[n++] = flags[i];
    }
    return n == attributes.length ? this : new PathAttributes(out, Arrays.copyOf(f, n), effectiveAsPath);
  }

  /**
   * The per-route set of a route announced in MP_REACH_NLRI (RFC 4760 §3): MP_UNREACH_NLRI left
   * out, MP_REACH_NLRI cut to its family and next hops, so the route keeps its next hop.
   */
  public PathAttributes forMpReachRoutes() {
    boolean cut = false;
    for (PathAttribute a : attributes) {
      cut |= a instanceof PathAttribute.MpUnreachNlri
          || a instanceof PathAttribute.MpReachNlri r
              && (!r.nlri().isEmpty() || r.opaqueNlri().length() > 0);
    }
    if (!cut) {
      return this;
    }
    List<PathAttribute> out = new ArrayList<>(attributes.length);
    byte[] f = new byte[attributes.length];
    int n = 0;
    for (int i = 0; i < attributes.length; i++) {
      switch (attributes[i]) {
        case PathAttribute.MpUnreachNlri u -> {
          continue;
        }
        case PathAttribute.MpReachNlri r when !r.nlri().isEmpty() || r.opaqueNlri().length() > 0 ->
            out.add(
                new PathAttribute.MpReachNlri(
                    r.family(), r.nextHops(), r.rawNextHop(), List.of(), OpaqueBytes.EMPTY));
        default -> out.add(attributes[i]);
      }
      f[n++] = flags[i];
    }
    return new PathAttributes(out, Arrays.copyOf(f, n), effectiveAsPath);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathAttributes p
        && hashCode() == p.hashCode()
        && Arrays.equals(attributes, p.attributes)
        && Arrays.equals(flags, p.flags)
        && java.util.Objects.equals(effectiveAsPath, p.effectiveAsPath);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * (31 * Arrays.hashCode(attributes) + Arrays.hashCode(flags))
          + (effectiveAsPath == null ? 0 : effectiveAsPath.hashCode());
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return Arrays.toString(attributes);
  }
}
