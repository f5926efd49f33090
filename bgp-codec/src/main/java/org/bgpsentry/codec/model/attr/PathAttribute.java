package org.bgpsentry.codec.model.attr;

import java.util.List;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;

/**
 * One decoded path attribute: a closed family of records (docs/contributing.md R1), with {@link Unknown} for
 * every type code we do not interpret, kept with its flags (docs/contributing.md R2). Wire flags of known
 * attributes are kept by {@link PathAttributes} for byte-exact re-encoding.
 */
public sealed interface PathAttribute {
  AttributeType type();

  /** Type 1 ORIGIN: RFC 4271 §4.3 (a). */
  record Origin(OriginType value) implements PathAttribute {
    public AttributeType type() {
      return AttributeType.ORIGIN;
    }
  }

  /** Type 2 AS_PATH as received (2- or 4-octet per session): RFC 4271 §4.3 (b), RFC 6793. */
  record AsPath(List<AsPathSegment> segments) implements PathAttribute {
    public AsPath {
      segments = List.copyOf(segments);
    }

    public AttributeType type() {
      return AttributeType.AS_PATH;
    }
  }

  /** Type 3 NEXT_HOP: RFC 4271 §4.3 (c). */
  record NextHop(IpAddress address) implements PathAttribute {
    public AttributeType type() {
      return AttributeType.NEXT_HOP;
    }
  }

  /** Type 4 MULTI_EXIT_DISC, unsigned 32-bit: RFC 4271 §4.3 (d). */
  record MultiExitDisc(long value) implements PathAttribute {
    public AttributeType type() {
      return AttributeType.MULTI_EXIT_DISC;
    }
  }

  /** Type 5 LOCAL_PREF, unsigned 32-bit: RFC 4271 §4.3 (e). */
  record LocalPref(long value) implements PathAttribute {
    public AttributeType type() {
      return AttributeType.LOCAL_PREF;
    }
  }

  /** Type 6 ATOMIC_AGGREGATE: RFC 4271 §4.3 (f). */
  record AtomicAggregate() implements PathAttribute {
    public AttributeType type() {
      return AttributeType.ATOMIC_AGGREGATE;
    }
  }

  /**
   * Type 7 AGGREGATOR: RFC 4271 §4.3 (g); {@code fourOctet} says whether it was encoded with a
   * 4-octet AS (RFC 6793 §3) so re-encoding is exact.
   */
  record Aggregator(long asn, IpAddress address, boolean fourOctet) implements PathAttribute {
    public AttributeType type() {
      return AttributeType.AGGREGATOR;
    }
  }

  /** Type 8 COMMUNITIES, each an unsigned 32-bit value held in an int: RFC 1997. */
  record Communities(List<Integer> values) implements PathAttribute {
    public Communities {
      values = List.copyOf(values);
    }

    public AttributeType type() {
      return AttributeType.COMMUNITIES;
    }
  }

  /** Type 9 ORIGINATOR_ID: RFC 4456 §8. */
  record OriginatorId(IpAddress id) implements PathAttribute {
    public AttributeType type() {
      return AttributeType.ORIGINATOR_ID;
    }
  }

  /** Type 10 CLUSTER_LIST: RFC 4456 §8. */
  record ClusterList(List<IpAddress> ids) implements PathAttribute {
    public ClusterList {
      ids = List.copyOf(ids);
    }

    public AttributeType type() {
      return AttributeType.CLUSTER_LIST;
    }
  }

  /**
   * Type 14 MP_REACH_NLRI: RFC 4760 §3. Next hops: one global, optionally a link-local (RFC 2545
   * §3). For families we do not interpret as prefixes, {@code opaqueNlri} keeps the NLRI field.
   */
  record MpReachNlri(
      Family family,
      List<IpAddress> nextHops,
      OpaqueBytes rawNextHop,
      List<Nlri> nlri,
      OpaqueBytes opaqueNlri)
      implements PathAttribute {
    public MpReachNlri {
      nextHops = List.copyOf(nextHops);
      nlri = List.copyOf(nlri);
    }

    public AttributeType type() {
      return AttributeType.MP_REACH_NLRI;
    }
  }

  /** Type 15 MP_UNREACH_NLRI: RFC 4760 §4. Empty withdrawn list = End-of-RIB (RFC 4724 §2). */
  record MpUnreachNlri(Family family, List<Nlri> withdrawn, OpaqueBytes opaqueNlri)
      implements PathAttribute {
    public MpUnreachNlri {
      withdrawn = List.copyOf(withdrawn);
    }

    public AttributeType type() {
      return AttributeType.MP_UNREACH_NLRI;
    }
  }

  /** Type 16 EXTENDED_COMMUNITIES, 8 octets each: RFC 4360. */
  record ExtendedCommunities(List<Long> values) implements PathAttribute {
    public ExtendedCommunities {
      values = List.copyOf(values);
    }

    public AttributeType type() {
      return AttributeType.EXTENDED_COMMUNITIES;
    }
  }

  /** Type 17 AS4_PATH: RFC 6793 §3; merged into the effective path by RFC 6793 §4.2.3. */
  record As4Path(List<AsPathSegment> segments) implements PathAttribute {
    public As4Path {
      segments = List.copyOf(segments);
    }

    public AttributeType type() {
      return AttributeType.AS4_PATH;
    }
  }

  /** Type 18 AS4_AGGREGATOR: RFC 6793 §3. */
  record As4Aggregator(long asn, IpAddress address) implements PathAttribute {
    public AttributeType type() {
      return AttributeType.AS4_AGGREGATOR;
    }
  }

  /** Type 25 IPv6 Address Specific Extended Community, 20 octets each: RFC 5701. */
  record Ipv6ExtendedCommunities(List<OpaqueBytes> values) implements PathAttribute {
    public Ipv6ExtendedCommunities {
      values = List.copyOf(values);
    }

    public AttributeType type() {
      return AttributeType.IPV6_EXTENDED_COMMUNITIES;
    }
  }

  /** Type 26 AIGP: RFC 7311 §3; TLVs kept, the AIGP metric (TLV type 1) exposed. */
  record Aigp(OpaqueBytes tlvs) implements PathAttribute {
    public AttributeType type() {
      return AttributeType.AIGP;
    }
  }

  /** Type 32 LARGE_COMMUNITY: RFC 8092. */
  record LargeCommunities(List<LargeCommunity> values) implements PathAttribute {
    public LargeCommunities {
      values = List.copyOf(values);
    }

    public AttributeType type() {
      return AttributeType.LARGE_COMMUNITY;
    }
  }

  /** Type 35 OTC (Only to Customer): RFC 9234 §5. */
  record Otc(long asn) implements PathAttribute {
    public AttributeType type() {
      return AttributeType.OTC;
    }
  }

  /** Any other type code, kept verbatim with its flags (RFC 4271 §5, §9). */
  record Unknown(AttributeType type, int flags, OpaqueBytes value) implements PathAttribute {}
}
