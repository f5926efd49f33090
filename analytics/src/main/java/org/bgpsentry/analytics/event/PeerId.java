package org.bgpsentry.analytics.event;

import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * A BGP peer as analytics sees it: the configured name (or {@code mrt:<ip>} in replay), its
 * address and AS, and the source it comes from. Used in alerts ({@code peers: [{name, address,
 * asn}]}: the source is not shown) and metrics.
 */
public record PeerId(String name, IpAddress address, long asn, Source source) {
  /** Where a peer's routes come from; each source sets its own. */
  public enum Source {
    /** A BGP session of the daemon (RFC 4271). */
    BGP,
    /** A monitored peer of a BMP router (RFC 7854). */
    BMP,
    /**
     * A peer of RIPE RIS Live, a public vantage point (docs/operators-guide.md "Public vantage
     * points: RIS Live").
     */
    RIS,
    /** A peer of an MRT file in {@code replay} (RFC 6396). */
    MRT;

    /**
     * The source of a peer read from a format that does not carry it (the alert JSON of
     * CONTRACT.md, Kafka event format 1): RIS and MRT by their reserved name prefixes ({@code
     * ris:}, {@code mrt:}; no configured peer may have them), every other peer {@link #BGP}.
     */
    public static Source ofUnsourcedName(String name) {
      return name.startsWith("ris:") ? RIS : name.startsWith("mrt:") ? MRT : BGP;
    }
  }

  public PeerId {
    if (source == null) {
      throw new IllegalArgumentException("peer " + name + ": no source");
    }
  }

  /** A peer of one of the daemon's BGP sessions. */
  public PeerId(String name, IpAddress address, long asn) {
    this(name, address, asn, Source.BGP);
  }

  /**
   * True for a public vantage point (a RIS Live peer): it counts toward {@code
   * sources.ris_live.min_peers}, never toward {@code detection.min_peers}, visibility, the best
   * path, or {@code peer_down}.
   */
  public boolean isPublic() {
    return source == Source.RIS;
  }

  @Override
  public String toString() {
    return name;
  }
}
